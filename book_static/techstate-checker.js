// The answer checker, in a worker so that the page keeps responding while it loads.
//
// techstate-checks.js starts this worker and sends it first {folder, module}: the address of
// the checker's files (_static/checker/<digest>/) and Pyodide's WebAssembly module, which
// the page compiled (a page's compiled WebAssembly is kept by the browser from page to page,
// a worker's is not: measured, it halves the wait on the next page). Then it sends one
// {id, spec, given} per press of Check. The worker loads the Pyodide core with the standard
// library the build cut down for the checker, imports the book's own answers.py (the file the
// kernel runs) and answers each request with {id, html} (the verdict's HTML, as in the
// kernel) or {id, failed, message}. It replies {ready: true} once loaded, or
// {ready: false, message} if loading failed.
"use strict";

let checker = null;

// Pyodide fetches and compiles its module itself; given the page's, it uses that one and
// does not fetch the file a second time.
function useCompiled(module) {
  const fetchFile = self.fetch.bind(self);
  self.fetch = (url, ...rest) => String(url).endsWith("pyodide.asm.wasm")
    ? Promise.resolve(new Response(new Uint8Array(0), { headers: { "Content-Type": "application/wasm" } }))
    : fetchFile(url, ...rest);
  WebAssembly.instantiateStreaming = async (_response, imports) =>
    ({ instance: await WebAssembly.instantiate(module, imports), module: module });
}

function load(folder, module) {
  if (!checker) {
    if (module) useCompiled(module);
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
      await load(folder, request.module);
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
