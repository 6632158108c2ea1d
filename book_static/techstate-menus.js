// The menu buttons: ☰ (the chapter list) and the page-contents button.
//
// pydata-sphinx-theme 0.17 binds its sidebar handlers to the FIRST .primary-toggle and
// .secondary-toggle on the page (document.querySelector), and sphinx-book-theme 1.3 binds its
// laptop handler (collapse the sidebar) to the first .primary-toggle too. That first button is
// the theme's top-bar copy, which sphinx-book-theme hides; the buttons a reader sees, in the
// article's header, get no handler and do nothing (pydata/pydata-sphinx-theme#2451, open).
// So a press on any other toggle is handed to the one the themes listened to. Everything else
// is the themes' own behaviour: on a laptop ☰ hides and shows the sidebar; on a phone each
// button opens its panel as a dialog, which Escape or a tap outside closes, and focus returns
// to the button pressed. Drop this file (and its line in _config.yml) once the theme binds
// every toggle and the browser tests of the menus still pass.
(function () {
  ["primary-toggle", "secondary-toggle"].forEach(function (name) {
    var buttons = document.querySelectorAll("." + name);
    var bound = buttons[0];
    Array.prototype.slice.call(buttons, 1).forEach(function (button) {
      button.addEventListener("click", function (event) {
        event.preventDefault();
        event.stopPropagation();
        button.focus();  // Safari does not focus a pressed button; the dialog returns focus here
        bound.click();
      });
    });
  });
})();
