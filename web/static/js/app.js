// Progressive enhancement only: every form works without this file.
(function () {
  "use strict";

  // Show the attendance group of the chosen congress kind. A group that holds a figure or a
  // message stays visible, so nothing typed is ever hidden.
  function setupKindSwitch(select) {
    var form = select.form;
    var groups = form.querySelectorAll(".count-group[data-kind]");
    function keep(group) {
      if (group.querySelector(".has-error")) return true;
      var inputs = group.querySelectorAll("input");
      for (var i = 0; i < inputs.length; i++) {
        var v = inputs[i].value.trim();
        if (v !== "" && v !== "0") return true;
      }
      return false;
    }
    function update() {
      for (var i = 0; i < groups.length; i++) {
        var g = groups[i];
        g.hidden = g.getAttribute("data-kind") !== select.value && !keep(g);
      }
    }
    select.addEventListener("change", update);
    update();
  }

  // "Add a row" buttons clone the last row of their list with empty values.
  function setupAddRow(button) {
    var list = document.querySelector('[data-rows="' + button.getAttribute("data-add-row") + '"]');
    if (!list) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var rows = list.querySelectorAll("[data-row]");
      if (!rows.length) return;
      var row = rows[rows.length - 1].cloneNode(true);
      var n = rows.length;
      var fields = row.querySelectorAll("input, select, label");
      for (var i = 0; i < fields.length; i++) {
        var el = fields[i];
        if (el.tagName === "LABEL") {
          el.htmlFor = el.htmlFor.replace(/_\d+$/, "_" + n);
          continue;
        }
        el.id = el.id.replace(/_\d+$/, "_" + n);
        if (el.tagName === "SELECT") el.selectedIndex = 0;
        else el.value = "";
      }
      var errors = row.querySelectorAll(".field-error");
      for (var j = 0; j < errors.length; j++) errors[j].remove();
      var marked = row.querySelectorAll(".has-error");
      for (var k = 0; k < marked.length; k++) marked[k].classList.remove("has-error");
      list.appendChild(row);
      var first = row.querySelector("input");
      if (first) first.focus();
    });
  }

  // Filter selects marked data-autosubmit apply at once.
  function setupAutosubmit(select) {
    select.addEventListener("change", function () { select.form.submit(); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("select[data-kind-switch]").forEach(setupKindSwitch);
    document.querySelectorAll("[data-add-row]").forEach(setupAddRow);
    document.querySelectorAll("select[data-autosubmit]").forEach(setupAutosubmit);
  });
})();
