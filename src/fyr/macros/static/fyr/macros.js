// The composer's macro picker: "m" focuses the search; arrow keys move through the results;
// Enter applies the focused one (a plain button); Escape goes back to the search box.
(function () {
  "use strict";
  if (window.fyrMacros) return;  // the picker's partial may load this more than once
  window.fyrMacros = true;

  function choices() {
    return Array.prototype.slice.call(document.querySelectorAll("#macro-results [data-macro-choice]"));
  }

  function isTyping(event) {
    const el = event.target;
    return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  }

  document.addEventListener("keydown", function (event) {
    const search = document.getElementById("macro-q");
    if (!search) return;
    if (event.key === "m" && !isTyping(event) && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      search.focus();
      search.select();
      return;
    }
    const all = choices();
    const index = all.indexOf(document.activeElement);
    if (event.key === "ArrowDown" && (event.target === search || index >= 0)) {
      event.preventDefault();
      if (all.length) all[Math.min(index + 1, all.length - 1)].focus();
    } else if (event.key === "ArrowUp" && index >= 0) {
      event.preventDefault();
      if (index === 0) search.focus(); else all[index - 1].focus();
    } else if (event.key === "Escape" && (event.target === search || index >= 0)) {
      const results = document.getElementById("macro-results");
      if (results) results.innerHTML = "";
      search.focus();
    }
  });

  // After a macro is applied, put the cursor at the end of the filled-in text.
  document.addEventListener("htmx:afterSettle", function (event) {
    const detail = event.detail || {};
    const path = (detail.pathInfo && detail.pathInfo.requestPath) || "";
    if (!detail.target || detail.target.id !== "composer" || path.indexOf("/macros/") < 0) return;
    const box = document.getElementById("composer-body");
    if (box) { box.focus(); box.setSelectionRange(box.value.length, box.value.length); }
  });
})();
