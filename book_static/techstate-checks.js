// Let the book's exercises answer and its explorers redraw on the static page, with no server.
//
// Every exercise, explorer and filter is already in the page as a plain HTML form, drawn at
// build time from the same spec as its widget (techstate/forms.py). This script only reads
// them, through the data- attributes named in techstate/page_protocol.py:
//
// * an exercise's form names its id (data-techstate-exercise); its spec sits in the JSON
//   block of the same id (data-techstate-spec); each input names the item it answers
//   (data-techstate-item). Check asks the book's own answers.py, the very file the kernel
//   runs, for the verdict, on a Pyodide core served by the book and run in a worker
//   (techstate-checker.js), so the page never stops responding. The checker starts loading
//   when the reader comes near an exercise, unless the browser asks to save data;
// * an explorer's controls (data-techstate-control) select one of the views rendered when
//   the book was built, whose addresses the build wrote (data-techstate-view-index);
// * a filter's menus hide the items of a list that stays in the page.
//
// Nothing is fetched from another host.
(function () {
  "use strict";

  const script = document.currentScript;
  const staticRoot = script ? new URL(".", script.src) : null;
  const folder = script && script.dataset.techstateChecker
    ? new URL(script.dataset.techstateChecker, staticRoot).href : null;
  const LOADING = "Loading the answer checker (about 4 MB, once: the browser keeps it)…";
  const SLOW =
    "The answer checker has not loaded after 30 seconds. Open “Show the answer” below to " +
    "compare your answer, or run the page live: the rocket icon at the top opens it on Binder, " +
    "and `make lab` runs it on your own computer. Your answer will be checked if the checker " +
    "loads.";
  const UNAVAILABLE =
    "This browser cannot run the answer checker here. Open “Show the answer” below to compare " +
    "your answer, or run the page live: the rocket icon at the top opens it on Binder, and " +
    "`make lab` runs it on your own computer.";
  const TIMEOUT_MS = 30000;

  function message(status, text) {
    const div = document.createElement("div");
    div.className = "techstate-feedback techstate-" + status;
    div.textContent = text;
    return div.outerHTML;
  }

  // ---- The checker: one worker per page, started once. ----
  let worker = null;
  let ready = null; // a promise, settled when the checker has loaded or failed to
  let loaded = false;
  let startedAt = 0;
  let nextRequest = 0;
  const waiting = new Map(); // request id -> resolve

  function startChecker() {
    if (ready) return ready;
    startedAt = performance.now();
    ready = new Promise((resolve, reject) => {
      if (!folder) { reject(new Error("the book was built without the checker (npm ci)")); return; }
      if (typeof WebAssembly !== "object" || typeof Worker !== "function") {
        reject(new Error("WebAssembly or workers are not available")); return;
      }
      worker = new Worker(new URL("techstate-checker.js", staticRoot));
      worker.addEventListener("message", (event) => {
        const reply = event.data;
        if (reply.id === undefined) {
          if (reply.ready) { loaded = true; resolve(); } else reject(new Error(reply.message));
          return;
        }
        const settle = waiting.get(reply.id);
        waiting.delete(reply.id);
        if (settle) settle(reply);
      });
      worker.addEventListener("error", (event) => reject(new Error(event.message || "worker failed")));
      compiled().then((module) => worker.postMessage({ folder: folder, module: module }));
    });
    ready.catch((error) => {
      console.info("techstate: the answer checker could not load:", error);
      if (worker) worker.terminate();
      worker = null;
      ready = null; // a later press may try again
      waiting.forEach((settle) => settle({ failed: "load" }));
      waiting.clear();
    });
    return ready;
  }

  // Pyodide's WebAssembly, compiled here rather than in the worker: the browser keeps what a
  // page compiles, with the file, from page to page. Without it (a host that serves the file
  // with the wrong type, say) the worker compiles its own.
  function compiled() {
    if (typeof WebAssembly.compileStreaming !== "function") return Promise.resolve(null);
    return WebAssembly.compileStreaming(fetch(folder + "pyodide.asm.wasm")).catch((error) => {
      console.info("techstate: the worker compiles the checker itself:", error);
      return null;
    });
  }

  // The verdict for an answer: {html} or {failed: "load" | "check", message}.
  async function judge(spec, given) {
    try {
      await startChecker();
    } catch (error) {
      return { failed: "load" };
    }
    return new Promise((resolve) => {
      const id = nextRequest++;
      waiting.set(id, resolve);
      worker.postMessage({ id: id, spec: JSON.stringify(spec), given: JSON.stringify(given) });
    });
  }

  // What the student entered, in the form answers.check takes it: the chosen option of a
  // radio group (or null), each item's menu choice, or the text typed.
  function given(form) {
    const inputs = Array.from(form.querySelectorAll("[data-techstate-item]"));
    if (inputs.some((input) => input.type === "radio")) {
      const picked = inputs.find((input) => input.checked);
      return picked ? picked.value : null;
    }
    if (inputs.some((input) => input.tagName === "SELECT")) {
      const values = {};
      inputs.forEach((select) => { values[select.dataset.techstateItem] = select.value; });
      return values;
    }
    return inputs.length ? inputs[0].value : "";
  }

  function specOf(identifier) {
    const data = document.querySelector('script[data-techstate-spec="' + identifier + '"]');
    return data ? JSON.parse(data.textContent).spec : null;
  }

  function wireExercise(form) {
    const area = form.querySelector("[data-techstate-feedback]");
    if (!area || !specOf(form.dataset.techstateExercise)) return;
    let asked = 0;
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const spec = specOf(form.dataset.techstateExercise);
      const request = ++asked;
      const answer = given(form);
      let slow = null;
      if (!loaded) {
        area.innerHTML = message("loading", LOADING);
        startChecker().catch(() => {});
        const left = Math.max(0, TIMEOUT_MS - (performance.now() - startedAt));
        slow = setTimeout(() => { if (request === asked) area.innerHTML = message("invalid", SLOW); }, left);
      }
      const verdict = await judge(spec, answer);
      clearTimeout(slow);
      if (request !== asked) return; // a later press has its own verdict coming
      if (verdict.html !== undefined) area.innerHTML = verdict.html;
      else if (verdict.failed === "check") {
        area.innerHTML = message("invalid", "The checker could not judge this answer: " +
          verdict.message + ". Open “Show the answer” below, and please tell the book's " +
          "authors (the GitHub icon at the top).");
      } else area.innerHTML = message("invalid", UNAVAILABLE);
    });
  }

  // Start loading the checker when the reader comes near an exercise, once the page has
  // loaded, unless the browser asks to save data; a press loads it in any case. It loads in
  // a worker, so the page's own thread stays free for the reader.
  function preloadNear(forms) {
    const saveData = navigator.connection && navigator.connection.saveData;
    if (saveData || !forms.length || !("IntersectionObserver" in window)) return;
    const observer = new IntersectionObserver((entries) => {
      if (!entries.some((entry) => entry.isIntersecting)) return;
      observer.disconnect();
      const start = () => { startChecker().catch(() => {}); };
      if (document.readyState === "complete") start();
      else window.addEventListener("load", start, { once: true });
    }, { rootMargin: "50% 0px" });
    forms.forEach((form) => observer.observe(form));
  }

  // ---- Explorers: swap the view the controls select. ----
  function controlLabel(form, name) {
    const controls = Array.from(form.querySelectorAll("[data-techstate-control]"))
      .filter((control) => control.dataset.techstateControl === name);
    const radios = controls.filter((control) => control.type === "radio");
    if (radios.length) {
      const picked = radios.find((control) => control.checked);
      return picked ? picked.value : null;
    }
    return controls.length ? controls[0].value : null;
  }

  function showRangeValues(form) {
    form.querySelectorAll("input[type=range]").forEach((range) => {
      const output = form.querySelector('output[for="' + range.id + '"]');
      if (output) output.textContent = range.value;
    });
  }

  function wireExplorer(box) {
    const identifier = box.dataset.techstateExplorer;
    const data = document.querySelector('script[data-techstate-view-index="' + identifier + '"]');
    const form = box.querySelector("form");
    const view = box.querySelector("[data-techstate-view]");
    if (!data || !form || !view) return;
    const index = JSON.parse(data.textContent);
    const keyNow = () => index.controls.map((name) => controlLabel(form, name)).join("\u001f");
    const fetched = new Map();
    let shown = keyNow();
    const redraw = async () => {
      showRangeValues(form);
      const key = keyNow();
      if (key === shown || !(key in index.views)) return;
      shown = key;
      try {
        const address = new URL(index.views[key], location.href);
        if (address.origin !== location.origin) throw new Error("a view from another host");
        if (!fetched.has(key)) {
          const response = await fetch(address, { credentials: "same-origin" });
          if (!response.ok) throw new Error(response.status + " " + response.statusText);
          fetched.set(key, await response.text());
        }
        if (shown === key) view.innerHTML = fetched.get(key);
      } catch (error) {
        shown = null;
        view.insertAdjacentHTML("afterbegin", message("invalid",
          "This view could not be loaded. Reload the page, or run it live (rocket icon at the top)."));
      }
    };
    form.addEventListener("input", redraw);
    form.addEventListener("change", redraw);
    form.addEventListener("submit", (event) => event.preventDefault());
  }

  // ---- Filters: hide the items of a list that stays in the page as plain HTML. ----
  function wireFilter(form) {
    const list = document.querySelector('[data-filter-list="' + form.dataset.techstateFilter + '"]');
    if (!list) return;
    const menus = Array.from(form.querySelectorAll("select[data-techstate-control]"));
    const apply = () => {
      const chosen = menus.map((menu) => ({ name: menu.dataset.techstateControl, token: menu.value }));
      let visible = 0;
      list.querySelectorAll("[data-filter-item]").forEach((item) => {
        const show = chosen.every(({ name, token }) =>
          !token || (item.dataset[name] || "").split(" ").includes(token));
        item.hidden = !show;
        if (show) visible += 1;
      });
      list.querySelectorAll("[data-filter-group]").forEach((group) => {
        group.hidden = !group.querySelector("[data-filter-item]:not([hidden])");
      });
      const count = list.querySelector("[data-filter-count]");
      if (count) {
        count.textContent = visible + " " + (count.dataset.noun || "items") + ".";
        count.hidden = visible === 0;
      }
      // Nothing left: say so, and offer the way back (the list's own "Show all" button).
      list.querySelectorAll("[data-filter-empty]").forEach((empty) => { empty.hidden = visible > 0; });
    };
    // "Show all" sets every menu back to its first choice ("All …"), as the reader would.
    list.querySelectorAll("[data-filter-reset]").forEach((button) => {
      button.hidden = false;
      button.addEventListener("click", () => {
        menus.forEach((menu) => { menu.selectedIndex = 0; });
        apply();
        if (menus[0]) menus[0].focus();
      });
    });
    list.setAttribute("aria-live", "polite");
    form.addEventListener("change", apply);
    form.addEventListener("submit", (event) => event.preventDefault());
    apply();
  }

  function start() {
    const forms = Array.from(document.querySelectorAll("form[data-techstate-exercise]"));
    forms.forEach(wireExercise);
    preloadNear(forms);
    document.querySelectorAll("[data-techstate-explorer]").forEach(wireExplorer);
    document.querySelectorAll("form[data-techstate-filter]").forEach(wireFilter);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
