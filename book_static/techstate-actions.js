// The theme's print and full-screen buttons, under the page's Content-Security-Policy.
//
// sphinx-book-theme 1.3 writes these buttons with inline handlers, onclick="window.print()" and
// onclick="toggleFullScreen()", which a policy without 'unsafe-hashes' refuses to run. The
// build (_ext/page_policy.py) replaces each handler with data-techstate-action="print" or
// "fullscreen", and this script binds the same action to the button: the theme's own
// toggleFullScreen (from sphinx-book-theme.js) when it is there, else the same steps here.
(function () {
  "use strict";

  function toggleFullScreen() {
    if (typeof window.toggleFullScreen === "function") {
      window.toggleFullScreen();
      return;
    }
    const root = document.documentElement;
    if (document.fullscreenElement) {
      document.exitFullscreen();
    } else if (root.requestFullscreen) {
      root.requestFullscreen();
    }
  }

  const ACTIONS = {
    print: function () { window.print(); },
    fullscreen: toggleFullScreen,
  };

  document.querySelectorAll("[data-techstate-action]").forEach(function (button) {
    const action = ACTIONS[button.dataset.techstateAction];
    if (action) button.addEventListener("click", action);
  });
})();
