// Load the ipywidgets JavaScript when the reader is about to use a widget, not before.
//
// myst-nb puts require.js and the widget manager (about 600 kB compressed, a second or more
// of work on a phone) in the head of every page with widgets, where they hold up the first
// paint. _ext/widget_js.py puts this small deferred script there instead; its
// data-widget-scripts attribute lists the real scripts, relative to the _static folder.
// They load, in order, once the reader has scrolled, pressed a key, touched or moved the mouse
// while a widget is within a screen of the viewport, so that the text paints and responds
// first; until then the widget's static preview (_ext/widget_preview.py) shows what it
// displays.
(function () {
  "use strict";
  var self = document.currentScript;
  var views = document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]');
  if (!self || !views.length) return;
  var staticRoot = new URL(".", self.src);
  var sources = (self.getAttribute("data-widget-scripts") || "").split(/\s+/).filter(Boolean);
  var interactions = ["scroll", "wheel", "keydown", "pointerdown", "touchstart", "mousemove"];
  var listening = { capture: true, passive: true };
  var observer = null;
  var started = false;

  function stopWatching() {
    if (observer) observer.disconnect();
    interactions.forEach(function (name) { window.removeEventListener(name, readerMoved, listening); });
  }

  // Once a widget is drawn next to its static preview, the preview goes (style sheet: at
  // once; here: out of the page, so that nothing is in it twice).
  function dropPreviewsOnceDrawn() {
    var drop = new MutationObserver(function () {
      var previews = document.querySelectorAll(".techstate-widget-preview");
      previews.forEach(function (preview) {
        var area = preview.parentElement.querySelector(".widget-subarea");
        if (area && area.children.length) preview.remove();
      });
      if (!document.querySelector(".techstate-widget-preview")) drop.disconnect();
    });
    if (document.querySelector(".techstate-widget-preview")) {
      drop.observe(document.body, { childList: true, subtree: true });
    }
  }

  function load() {
    if (started) return;
    started = true;
    stopWatching();
    dropPreviewsOnceDrawn();
    sources.forEach(function (source) {
      var tag = document.createElement("script");
      tag.src = new URL(source, staticRoot).href;
      tag.async = false; // run in the listed order, like the head scripts they replace
      document.head.appendChild(tag);
    });
  }

  // A widget counts as reached when it is within a screen of the viewport after the reader
  // has done something: a widget that the layout alone brings near, as fonts and images
  // arrive, waits for the first scroll, key press, touch or mouse movement.
  var near = false;
  var moved = false;

  function readerMoved(event) {
    // The theme scrolls its own menus as the page opens; only the page's scrolling counts.
    var page = event.target === document || event.target === document.scrollingElement;
    if (event.type === "scroll" && !page) return;
    moved = true;
    if (near || !observer) load();
  }

  interactions.forEach(function (name) { window.addEventListener(name, readerMoved, listening); });
  if (!("IntersectionObserver" in window)) return;
  observer = new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) { entry.target.techstateNear = entry.isIntersecting; });
    near = Array.prototype.some.call(views, function (view) { return view.parentElement.techstateNear; });
    if (near && moved) load();
  }, { rootMargin: "100% 0px" });
  views.forEach(function (view) { observer.observe(view.parentElement); });
})();
