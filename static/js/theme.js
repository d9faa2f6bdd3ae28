/* Light or dark: the reader's last choice (kept in localStorage), else the system's preference.
   Loaded synchronously in <head> so the page is painted in the right colours from the start. */
(function () {
  "use strict";
  var KEY = "hogshead-theme";
  var root = document.documentElement;
  var systemDark = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)");

  function stored() {
    try {
      var value = localStorage.getItem(KEY);
      return value === "dark" || value === "light" ? value : null;
    } catch (error) {
      return null; // Storage disabled: follow the system.
    }
  }

  function current() {
    return stored() || (systemDark && systemDark.matches ? "dark" : "light");
  }

  function apply(theme) {
    if (theme) root.setAttribute("data-theme", theme);
    else root.removeAttribute("data-theme");
  }

  apply(stored());

  document.addEventListener("DOMContentLoaded", function () {
    var button = document.querySelector(".theme-toggle");
    if (!button) return;
    function show() {
      button.setAttribute("aria-pressed", String(current() === "dark"));
    }
    button.addEventListener("click", function () {
      var theme = current() === "dark" ? "light" : "dark";
      try {
        localStorage.setItem(KEY, theme);
      } catch (error) {
        /* Not remembered, but still applied to this page. */
      }
      apply(theme);
      show();
    });
    if (systemDark && systemDark.addEventListener) systemDark.addEventListener("change", show);
    show();
    button.hidden = false;
  });
})();
