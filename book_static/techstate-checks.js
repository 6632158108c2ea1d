// Let the book's exercises answer and its explorers redraw on the static page, with no server.
//
// Each exercise wrote its checker's arguments (its "spec") into the page as JSON beside its
// widget. When a reader presses Check, this script reads what they entered from the rendered
// widget and asks the book's own answers.py, the very file the kernel runs, for the verdict.
// answers.py runs in the browser on a Pyodide core served by the book, loaded at the first
// press. Each explorer's views were rendered when the book was built; this script fetches the
// one its controls select. Nothing is fetched from another host.
(function () {
  "use strict";

  const root = document.documentElement.dataset.content_root || "";
  const checkerBase = root + "_static/checker/";
  const SEPARATOR = "\u001f";
  const LOADING = "Loading the answer checker (about 6 MB, once; the browser keeps it)…";
  const UNAVAILABLE =
    "This browser cannot run the answer checker here. Open “Show the answer” below to compare " +
    "your answer, or run the page live: the rocket icon at the top opens it on Binder, and " +
    "`make lab` runs it on your own computer.";
  let checker = null; // a promise of the Python function answers.check_json

  function message(status, text) {
    const div = document.createElement("div");
    div.className = "techstate-feedback techstate-" + status;
    div.setAttribute("role", "status");
    div.textContent = text;
    return div.outerHTML;
  }

  function loadChecker() {
    if (checker) return checker;
    checker = (async () => {
      if (typeof WebAssembly !== "object") throw new Error("WebAssembly is not available");
      const { loadPyodide } = await import(checkerBase + "pyodide/pyodide.mjs");
      const pyodide = await loadPyodide({ indexURL: checkerBase + "pyodide/" });
      const source = await (await fetch(checkerBase + "answers.py")).text();
      pyodide.FS.writeFile("/home/pyodide/answers.py", source);
      return pyodide.pyimport("answers").check_json;
    })();
    checker.catch(() => { checker = null; }); // a later press may try again
    return checker;
  }

  // Radio buttons and toggle buttons keep their label, URI-encoded, in data-value.
  function valueOf(element) {
    try { return decodeURIComponent(element.dataset.value); } catch (error) { return element.dataset.value; }
  }

  // A menu's label: its options show it with non-breaking spaces, their value attribute as is.
  function selectedText(select) {
    const option = select.options[select.selectedIndex];
    return option ? option.value : null;
  }

  // What the student entered, read from the rendered widget, in the form answers.check takes.
  function given(spec, box) {
    if (spec.kind === "number") {
      const input = box.querySelector("input[type=text], textarea");
      return input ? input.value : "";
    }
    if (spec.kind === "choice") {
      const picked = box.querySelector("input[type=radio]:checked");
      return picked ? valueOf(picked) : null;
    }
    const selects = Array.from(box.querySelectorAll("select"));
    const values = {};
    spec.items.forEach((item, index) => {
      values[item] = selects[index] ? selectedText(selects[index]) : null;
    });
    return values;
  }

  function feedbackArea(box) {
    const areas = box.querySelectorAll(".widget-html-content");
    const area = areas[areas.length - 1];
    if (area && !area.hasAttribute("aria-live")) area.setAttribute("aria-live", "polite");
    return area;
  }

  function wireExercise(spec, box) {
    const button = box.querySelector("button.widget-button");
    const area = feedbackArea(box);
    if (!button || !area) return false; // not drawn yet
    if (button.dataset.techstateWired) return true;
    button.dataset.techstateWired = "1";
    button.addEventListener("click", async () => {
      const answer = JSON.stringify(given(spec, box));
      if (!checker) area.innerHTML = message("invalid", LOADING);
      try {
        const check = await loadChecker();
        area.innerHTML = check(JSON.stringify(spec), answer);
      } catch (error) {
        area.innerHTML = message("invalid", UNAVAILABLE);
        console.info("techstate: the answer checker could not load:", error);
      }
    });
    return true;
  }

  // The label a control shows for its current value, as Python wrote it into the view keys.
  function controlLabel(kind, element) {
    if (kind === "select") {
      const select = element.querySelector("select");
      return select ? selectedText(select) : null;
    }
    if (kind === "toggle") {
      const active = element.querySelector("button.mod-active");
      return active ? valueOf(active) : null;
    }
    if (kind === "radio") {
      const picked = element.querySelector("input[type=radio]:checked");
      return picked ? valueOf(picked) : null;
    }
    if (kind === "slider") {
      const readout = element.querySelector(".widget-readout");
      return readout ? readout.textContent.trim() : null;
    }
    return null;
  }

  function wireExplorer(index, box) {
    const controls = box.querySelector(".techstate-explorer-controls");
    const view = box.querySelector(".techstate-explorer-view .widget-html-content");
    if (!controls || !view || controls.children.length < index.controls.length) return false;
    if (box.dataset.techstateWired) return true;
    box.dataset.techstateWired = "1";
    view.setAttribute("aria-live", "polite");
    let shown = null;
    const redraw = async () => {
      const labels = index.controls.map((control, i) => controlLabel(control.kind, controls.children[i]));
      const key = labels.join(SEPARATOR);
      if (key === shown || !(key in index.views)) return;
      shown = key;
      try {
        const response = await fetch(index.views[key]);
        if (!response.ok) throw new Error(response.status + " " + response.statusText);
        if (shown === key) view.innerHTML = await response.text();
      } catch (error) {
        shown = null;
        view.insertAdjacentHTML("afterbegin", message("invalid",
          "This view could not be loaded. Reload the page, or run it live (rocket icon at the top)."));
      }
    };
    shown = index.controls.map((c, i) => controlLabel(c.kind, controls.children[i])).join(SEPARATOR);
    new MutationObserver(redraw).observe(controls, {
      subtree: true, attributes: true, childList: true, characterData: true,
    });
    controls.addEventListener("change", redraw);
    return true;
  }

  // A filter's menus hide the items of a list that stays in the page as plain HTML.
  function wireFilter(payload, box) {
    const list = document.querySelector(".techstate-filter-list[data-filter-list='" +
      box.dataset.techstateFilter + "']");
    if (!list || box.children.length < payload.controls.length) return false;
    if (box.dataset.techstateWired) return true;
    box.dataset.techstateWired = "1";
    const apply = () => {
      const chosen = payload.controls.map((control, i) => ({
        name: control.name,
        token: control.tokens[controlLabel(control.kind, box.children[i])] || "",
      }));
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
    const reset = () => {
      box.querySelectorAll("select").forEach((select) => {
        select.selectedIndex = 0;
        select.dispatchEvent(new Event("change", { bubbles: true }));
      });
      apply();
      const first = box.querySelector("select");
      if (first) first.focus();
    };
    list.querySelectorAll("[data-filter-reset]").forEach((button) => {
      button.hidden = false;
      button.addEventListener("click", reset);
    });
    list.setAttribute("aria-live", "polite");
    box.addEventListener("change", apply);
    new MutationObserver(apply).observe(box, { subtree: true, attributes: true, attributeFilter: ["class"] });
    apply();
    return true;
  }

  function wireAll() {
    let pending = 0;
    document.querySelectorAll("script.techstate-exercise-data").forEach((data) => {
      const box = document.querySelector(".techstate-ex-" + data.dataset.exercise);
      if (!box || !wireExercise(JSON.parse(data.textContent).spec, box)) pending += 1;
    });
    document.querySelectorAll("script.techstate-explorer-index").forEach((data) => {
      const box = document.querySelector(".techstate-ex-" + data.dataset.explorer);
      if (!box || !wireExplorer(JSON.parse(data.textContent), box)) pending += 1;
    });
    document.querySelectorAll("script.techstate-filter-data").forEach((data) => {
      const box = document.querySelector(".techstate-ex-" + data.dataset.filter);
      if (box) box.dataset.techstateFilter = data.dataset.filter;
      if (!box || !wireFilter(JSON.parse(data.textContent), box)) pending += 1;
    });
    return pending;
  }

  // The widget manager draws the widgets when the reader reaches them (techstate-widgets.js),
  // which may be minutes after the page loads: wire them as they appear.
  function start() {
    if (wireAll() === 0) return;
    const observer = new MutationObserver(() => { if (wireAll() === 0) observer.disconnect(); });
    observer.observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
