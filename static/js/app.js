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

  // A form that must be sent once (publishing): its button is disabled once pressed, so a
  // double click sends one request. (The server refuses a second one all the same.)
  document.querySelectorAll("form[data-submit-once]").forEach(function (form) {
    form.addEventListener("submit", function () {
      form.querySelectorAll("button[type=submit]").forEach(function (button) {
        window.setTimeout(function () { button.disabled = true; }, 0);
      });
    });
  });

  // A wide table scrolls in its own box (.table-scroll); when it does, the box takes the
  // keyboard focus, so that it can be scrolled without a mouse, and is named after its
  // table's caption (or the section's heading) for screen readers (WCAG 2.1.1, 1.4.10).
  function keyboardScroll() {
    document.querySelectorAll(".table-scroll").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1) {
        var caption = box.querySelector("caption");
        var heading = box.closest("section") && box.closest("section").querySelector("h2, h3");
        var name = (caption || heading || {}).textContent;
        box.tabIndex = 0;
        box.setAttribute("role", "region");
        if (name) { box.setAttribute("aria-label", name.trim()); }
      } else if (box.getAttribute("role") === "region") {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    });
  }
  keyboardScroll();
  window.addEventListener("resize", keyboardScroll);

  // The assessment screen of a repeat follow-up.
  // "Start from the findings of …": the earlier review's findings copied into the box (after
  // what is there already), focus in the box to edit them.
  document.querySelectorAll("button[data-copy-to]").forEach(function (button) {
    button.parentElement.hidden = false;
    button.addEventListener("click", function () {
      var box = document.getElementById(button.dataset.copyTo);
      if (!box) { return; }
      var text = button.dataset.copyText;
      box.value = box.value.trim() ? box.value.replace(/\s+$/, "") + "\n\n" + text : text;
      box.dispatchEvent(new Event("input", { bubbles: true }));
      box.focus();
      announce(button.dataset.copiedText || "");
    });
  });
  // "Show only those not yet assessed": the others (and those not followed up) hide.
  var onlyOpen = document.getElementById("only-unassessed");
  if (onlyOpen) {
    onlyOpen.closest("p").hidden = false;
    onlyOpen.addEventListener("change", function () {
      document.querySelectorAll(".recommendation.assessed, .recommendation.not-in-review, .jump-list li.assessed")
        .forEach(function (element) { element.hidden = onlyOpen.checked; });
    });
  }
  // Back after a save to where Save was pressed (the address ends in #that-place): focus
  // there too, so that the keyboard and the screen reader go on from it.
  if (window.location.hash.length > 1) {
    var place = document.getElementById(window.location.hash.slice(1));
    if (place && place.hasAttribute("tabindex")) { place.focus(); }
  }

  // A long text shows how much of its limit it uses, and says in words when it is over
  // (the server refuses the save then, keeping the text). Counted as the server counts:
  // characters, with each line break sent as two.
  var announcer = null;
  function announce(text) {
    if (!announcer) {
      announcer = document.createElement("div");
      announcer.className = "visually-hidden";
      announcer.setAttribute("aria-live", "polite");
      document.body.appendChild(announcer);
    }
    announcer.textContent = text;
  }
  var lang = document.documentElement.lang || undefined;
  document.querySelectorAll("textarea[data-max-length]").forEach(function (box) {
    var limit = parseInt(box.dataset.maxLength, 10);
    var counter = document.createElement("p");
    counter.className = "char-count";
    counter.id = box.id + "-count";
    box.insertAdjacentElement("afterend", counter);
    var described = box.getAttribute("aria-describedby");
    box.setAttribute("aria-describedby", (described ? described + " " : "") + counter.id);
    var over = false;
    function update() {
      var count = Array.from(box.value.replace(/\r?\n/g, "\r\n")).length;
      var nowOver = count > limit;
      var template = nowOver ? box.dataset.tooLongText : box.dataset.countText;
      counter.textContent = template
        .replace("%(count)s", count.toLocaleString(lang))
        .replace("%(limit)s", limit.toLocaleString(lang));
      counter.classList.toggle("char-count-over", nowOver);
      if (nowOver !== over) {
        over = nowOver;
        if (over) { announce(counter.textContent); }
      }
    }
    box.addEventListener("input", update);
    update();
  });
})();

// A form that asks before it acts (deleting, submitting): the question is in the page.
document.querySelectorAll("form[data-confirm]").forEach(function (form) {
  form.addEventListener("submit", function (event) {
    if (!window.confirm(form.dataset.confirm)) { event.preventDefault(); }
  });
});

// A report being rendered on the task queue: ask how it goes every few seconds, say so
// (the status is announced to screen readers), and offer the file when it is ready.
(function () {
  "use strict";
  var box = document.querySelector("[data-render-status]");
  if (!box) { return; }
  var state = box.querySelector(".render-state");
  var download = box.querySelector(".render-download");
  function ask() {
    fetch(box.dataset.renderStatus, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) { return response.json(); })
      .then(function (status) {
        if (status.finished) {
          if (status.ready && download) {
            download.hidden = false;
            state.textContent = state.textContent.replace(/:[^:]*$/, ": " + status.label.toLowerCase() + ".");
          } else {
            window.location.reload();
          }
          return;
        }
        state.textContent = state.textContent.replace(/:[^:]*$/, ": " + status.label.toLowerCase() + ".");
        window.setTimeout(ask, 3000);
      })
      .catch(function () { window.setTimeout(ask, 10000); });
  }
  if (download) { window.setTimeout(ask, 2000); }
})();
