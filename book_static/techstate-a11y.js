// Small accessibility repairs, applied once the page and its widgets have rendered.
// 1. ipywidgets draws slider handles as <div role="slider"> without a name: give each the
//    text of its widget's visible label, so a screen reader says what the slider sets.
// 2. The theme's buttons carry an aria-label that omits part of their visible text (for
//    example "Search" on a button that shows "Search Ctrl+K"); speech-input users say what
//    they see, so the name must contain it. Decorative icons are hidden from the tree.
(function () {
  function nameSliders(root) {
    root.querySelectorAll('[role="slider"]:not([aria-label])').forEach(function (handle) {
      var widget = handle.closest(".widget-slider, .widget-hslider, .widget-inline-hbox");
      var label = widget && widget.querySelector(".widget-label");
      var text = label && label.textContent.trim();
      handle.setAttribute("aria-label", text || "slider");
    });
  }
  function matchNamesToText(root) {
    root.querySelectorAll(".theme-switch-button i, .search-button__button i").forEach(function (icon) {
      icon.setAttribute("aria-hidden", "true");
      if (icon.hasAttribute("title")) icon.removeAttribute("title");
    });
    // The toggle of a hidden code cell shows "Show code cell source" but is named
    // "Toggle hidden content": let its visible text name it.
    root.querySelectorAll("summary[aria-label]").forEach(function (summary) {
      if (summary.textContent.trim()) summary.removeAttribute("aria-label");
    });
    root.querySelectorAll(".search-button__button[aria-label]").forEach(function (button) {
      var text = button.textContent.replace(/\s+/g, " ").trim();
      if (text && button.getAttribute("aria-label") !== text) button.setAttribute("aria-label", text);
    });
  }
  function landmarkSidebar() {
    var sidebar = document.getElementById("pst-primary-sidebar");
    if (sidebar && !sidebar.hasAttribute("role")) {
      sidebar.setAttribute("role", "navigation");
      sidebar.setAttribute("aria-label", "Book");
    }
  }
  function repair() {
    nameSliders(document);
    matchNamesToText(document);
    landmarkSidebar();
  }
  var observer = new MutationObserver(repair);
  document.addEventListener("DOMContentLoaded", function () {
    repair();
    observer.observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ["title", "aria-label"] });
  });
})();
