// Small accessibility repairs to the theme, applied once the page has rendered.
// The theme's buttons carry an aria-label that omits part of their visible text (for
//    example "Search" on a button that shows "Search Ctrl+K"); speech-input users say what
//    they see, so the name must contain it. Decorative icons are hidden from the tree.
(function () {
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
    matchNamesToText(document);
    landmarkSidebar();
  }
  var observer = new MutationObserver(repair);
  document.addEventListener("DOMContentLoaded", function () {
    repair();
    observer.observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ["title", "aria-label"] });
  });
})();
