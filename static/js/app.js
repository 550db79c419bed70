// Small progressive enhancements; every page works without them.
(function () {
  "use strict";
  document.querySelectorAll("form[data-save-shortcut]").forEach(function (form) {
    var dirty = false;
    form.addEventListener("input", function () { dirty = true; });
    form.addEventListener("submit", function () { dirty = false; });
    // Ctrl+S / Cmd+S saves the form instead of saving the web page.
    document.addEventListener("keydown", function (event) {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "s") {
        event.preventDefault();
        form.requestSubmit();
      }
    });
    // Warn before leaving with unsaved text.
    window.addEventListener("beforeunload", function (event) {
      if (dirty) { event.preventDefault(); event.returnValue = ""; }
    });
  });
})();
