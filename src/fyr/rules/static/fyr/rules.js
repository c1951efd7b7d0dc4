// The rule form (fyr.rules): add and remove condition and action rows, and show in each row
// only the operators and inputs that fit its field or action. Hidden inputs are still sent, so
// the server's parallel lists stay aligned row by row.
(function () {
  "use strict";
  const form = document.querySelector("[data-rule-form]");
  if (!form) return;

  const NO_VALUE = ["is_set", "not_set", "changed", "not_changed"];
  const ACTION_INPUTS = {
    add_note: ["body"],
    email_customer: ["body"],
    notify: ["to", "value", "subject", "body"],
    webhook: ["webhook"],
  };
  const ACTION_LISTS = {
    set_status: "dl-ticket-status",
    set_priority: "dl-ticket-priority",
    set_type: "dl-ticket-type",
    set_team: "dl-ticket-team",
    set_assignee: "dl-ticket-assignee",
    notify: "dl-ticket-team",
  };

  function useList(input, id) {
    if (id && document.getElementById(id)) input.setAttribute("list", id);
    else input.removeAttribute("list");
  }

  function setUpCondition(row) {
    const field = row.querySelector("[data-cond-field]");
    const operator = row.querySelector("[data-cond-operator]");
    const value = row.querySelector("[data-cond-value]");
    const business = row.querySelector("[data-business]");
    function update() {
      const option = field.selectedOptions[0];
      const ops = option && option.dataset.ops ? option.dataset.ops.split(",") : null;
      for (const choice of operator.options) choice.hidden = ops ? !ops.includes(choice.value) : false;
      if (ops && !ops.includes(operator.value)) operator.value = ops[0];
      useList(value, "dl-" + field.value.split(".").join("-"));
      const time = option && option.hasAttribute("data-time") && field.value !== "time.sla_due";
      business.hidden = !time;
      value.parentElement.hidden = NO_VALUE.includes(operator.value);
    }
    field.addEventListener("change", update);
    operator.addEventListener("change", update);
    update();
  }

  function setUpAction(row) {
    const type = row.querySelector("[data-action-type]");
    const value = row.querySelector("[data-action-value]");
    function update() {
      const inputs = ACTION_INPUTS[type.value] || (type.value ? ["value"] : []);
      for (const label of row.querySelectorAll("[data-for]")) {
        label.hidden = !inputs.includes(label.dataset.for);
      }
      useList(value, ACTION_LISTS[type.value]);
    }
    type.addEventListener("change", update);
    update();
  }

  function setUp(row, kind) {
    (kind === "conditions" ? setUpCondition : setUpAction)(row);
    row.querySelector("[data-remove-row]").addEventListener("click", function () {
      row.remove();
    });
  }

  for (const container of form.querySelectorAll("[data-rows]")) {
    for (const row of container.querySelectorAll("[data-row]")) setUp(row, container.dataset.rows);
  }
  for (const button of form.querySelectorAll("[data-add-row]")) {
    button.addEventListener("click", function () {
      const kind = button.dataset.addRow;
      const template = form.querySelector('[data-row-template="' + kind + '"]');
      const row = template.content.firstElementChild.cloneNode(true);
      form.querySelector('[data-rows="' + kind + '"]').appendChild(row);
      setUp(row, kind);
      row.querySelector("select").focus();
    });
  }
})();
