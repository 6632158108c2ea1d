// The answer checker, in a worker so that the page keeps responding while it loads.
//
// techstate-checks.js starts this worker and sends it first {folder}, the address of the
// checker's files (_static/checker/<digest>/), then one {id, spec, given} per press of Check.
// The worker loads the Pyodide core with the standard library the build cut down for the
// checker, imports the book's own answers.py (the file the kernel runs) and answers each
// request with {id, html} (the verdict's HTML, as in the kernel) or {id, failed, message}.
// It replies {ready: true} once loaded, or {ready: false, message} if loading failed.
"use strict";

let checker = null;

function load(folder) {
  if (!checker) {
    checker = (async () => {
      importScripts(folder + "pyodide.js");
      const pyodide = await loadPyodide({
        indexURL: folder,
        stdLibURL: folder + "python_stdlib.zip",
        lockFileURL: folder + "pyodide-lock.json",
      });
      const response = await fetch(folder + "answers.py");
      if (!response.ok) throw new Error("answers.py: " + response.status);
      pyodide.FS.writeFile("/home/pyodide/answers.py", await response.text());
      return pyodide.pyimport("answers").check_json;
    })();
  }
  return checker;
}

// A Python error's last line says what went wrong ("ValueError: …"); the rest is internals.
function lastLine(error) {
  const lines = String((error && error.message) || error).trim().split("\n");
  return lines[lines.length - 1];
}

let folder = null;

self.addEventListener("message", async (event) => {
  const request = event.data;
  if (request.folder) {
    folder = request.folder;
    try {
      await load(folder);
      self.postMessage({ ready: true });
    } catch (error) {
      self.postMessage({ ready: false, message: lastLine(error) });
    }
    return;
  }
  let check;
  try {
    check = await load(folder);
  } catch (error) {
    self.postMessage({ id: request.id, failed: "load", message: lastLine(error) });
    return;
  }
  try {
    self.postMessage({ id: request.id, html: check(request.spec, request.given) });
  } catch (error) {
    self.postMessage({ id: request.id, failed: "check", message: lastLine(error) });
  }
});
