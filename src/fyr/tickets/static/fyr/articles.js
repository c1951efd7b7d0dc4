// The ticket page's "Suggested articles" panel: "Insert link" and "Insert text" put the
// article's public link or its text into the reply box, where the caret was (at the end if the
// box was never focused), and leave the caret after it so the agent can go on writing.
(function () {
  "use strict";
  if (window.fyrArticles) return;  // the panel may load this more than once
  window.fyrArticles = true;

  // Whether the agent has placed the caret in the reply box (a fresh box's caret is at 0).
  document.addEventListener("focusin", function (event) {
    if (event.target && event.target.id === "composer-body") event.target.dataset.caretKnown = "1";
  });

  function separator(before, kind) {
    if (!before || /\s$/.test(before)) return "";
    return kind === "link" ? " " : "\n\n";
  }

  document.addEventListener("click", function (event) {
    const button = event.target.closest && event.target.closest("[data-insert-article]");
    if (!button) return;
    const box = document.getElementById("composer-body");
    if (!box) return;
    event.preventDefault();
    const text = button.getAttribute("data-insert-article") || "";
    const known = box.dataset.caretKnown === "1";
    const start = known ? box.selectionStart : box.value.length;
    const end = known ? box.selectionEnd : box.value.length;
    const insert = separator(box.value.slice(0, start), button.dataset.insertKind) + text;
    box.setRangeText(insert, start, end, "end");
    box.focus();
    box.dispatchEvent(new Event("input", { bubbles: true }));
    const status = document.querySelector("[data-insert-status]");
    if (status) status.textContent = status.dataset.inserted || "";
  });
})();
