/* The condition builder of the question page, enhanced: "Ajouter une condition" and
   "Retirer" act in place, and the value of a row becomes the list of the chosen question's
   choices as soon as the question is chosen. Without this file the same buttons submit the
   form and the server shows the page again (condition_builder.builder_step). */
(function () {
  "use strict";
  var form = document.querySelector("form[data-condition-builder]");
  var list = form && form.querySelector("[data-rows]");
  var dataNode = form && form.querySelector("[data-builder-questions]");
  if (!list || !dataNode) { return; }
  var questions = {};
  JSON.parse(dataNode.getAttribute("data-builder-questions")).forEach(function (q) { questions[q.name] = q; });

  function rows() { return Array.prototype.slice.call(list.querySelectorAll("[data-row]")); }

  function renumber() {
    rows().forEach(function (row, i) {
      Array.prototype.forEach.call(row.querySelectorAll("[name^='rows-'], label[for^='rows-']"),
        function (el) {
          ["name", "id", "for"].forEach(function (attr) {
            var value = el.getAttribute(attr);
            if (value) { el.setAttribute(attr, value.replace(/^rows-\d+-/, "rows-" + i + "-")); }
          });
        });
      row.querySelector("[data-row-remove]").value = String(i);
    });
  }

  function valueControl(row) {
    var question = questions[row.querySelector("[data-row-question]").value];
    var holder = row.querySelector("[data-row-value]");
    var current = holder.querySelector("input, select");
    var control;
    var counting = row.querySelector("[data-row-op]").value === "count";
    if (question && question.options.length && !counting) {
      control = document.createElement("select");
      var blank = document.createElement("option");
      blank.value = "";
      blank.textContent = "—";
      control.appendChild(blank);
      question.options.forEach(function (pair) {
        var option = document.createElement("option");
        option.value = pair[0];
        option.textContent = pair[1];
        control.appendChild(option);
      });
    } else {
      control = document.createElement("input");
      control.type = "text";
      control.maxLength = 300;
      if (question && question.type === "date") { control.placeholder = "2024-06-27"; }
      if (counting) { control.inputMode = "numeric"; }
    }
    control.name = current.name;
    control.id = current.id;
    control.value = current.tagName === control.tagName ? current.value : "";
    holder.replaceChild(control, current);
  }

  list.addEventListener("change", function (event) {
    if (event.target.matches("[data-row-question], [data-row-op]")) {
      valueControl(event.target.closest("[data-row]"));
    }
  });

  form.addEventListener("click", function (event) {
    var remove = event.target.closest("[data-row-remove]");
    var add = event.target.closest("[data-row-add]");
    if (remove) {
      event.preventDefault();
      var row = remove.closest("[data-row]");
      if (rows().length > 1) { row.remove(); } else {
        row.querySelector("[data-row-question]").value = "";
        row.querySelector("[data-row-op]").value = "";
        valueControl(row);
      }
      renumber();
      form.querySelector("[data-row-add]").focus();
    } else if (add) {
      event.preventDefault();
      var copy = rows()[0].cloneNode(true);
      copy.querySelector("[data-row-question]").value = "";
      copy.querySelector("[data-row-op]").value = "";
      list.appendChild(copy);
      valueControl(copy);
      renumber();
      copy.querySelector("[data-row-question]").focus();
    }
  });
}());
