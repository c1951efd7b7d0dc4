// Business-hours form: "+ Add period" / "+ Add special day" copy the formset's empty row
// (a <template>) with the next index and count it in the management form.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    const button = event.target.closest("[data-add-row]");
    if (!button) return;
    const set = button.closest("[data-formset]");
    const prefix = set.dataset.formset;
    const total = set.querySelector("input[name='" + prefix + "-TOTAL_FORMS']");
    const template = set.querySelector("template[data-row-template]");
    const index = parseInt(total.value, 10);
    const holder = document.createElement("div");
    holder.innerHTML = template.innerHTML.replace(/__prefix__/g, String(index));
    const row = holder.firstElementChild;
    set.querySelector("[data-rows]").appendChild(row);
    total.value = String(index + 1);
    const first = row.querySelector("input, select");
    if (first) first.focus();
  });
})();
