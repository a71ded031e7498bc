/* Progressive enhancement of the residents' form: conditional questions appear as soon as
   the answer they depend on is given, instead of after submitting. The server evaluates the
   same conditions, so the form works the same without this file. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-survey]");
  if (!form) { return; }
  var shownField = form.querySelector("input[name=shown]");
  var wrappers = Array.prototype.slice.call(form.querySelectorAll("[data-cond]"));
  if (!wrappers.length) { return; }

  function picked(name) {
    var values = [];
    Array.prototype.forEach.call(form.querySelectorAll("[name='" + name + "']"), function (el) {
      if ((el.type === "radio" || el.type === "checkbox") ? el.checked : el.value.trim()) {
        values.push(el.value.trim().replace(",", "."));
      }
    });
    return values;
  }

  function holds(el) {
    var values = picked(el.getAttribute("data-cond"));
    var op = el.getAttribute("data-op");
    var wanted = el.getAttribute("data-value");
    if (op === "includes") { return values.indexOf(wanted) >= 0; }
    if (op === "equals") {
      return values.length === 1 && (values[0] === wanted || Number(values[0]) === Number(wanted));
    }
    return values.length === 1 && Number(values[0]) >= Number(wanted);
  }

  function sourceVisible(el) {
    var source = form.querySelector("[name='" + el.getAttribute("data-cond") + "']");
    var hidden = source && source.closest("[data-cond]");
    return !hidden || !hidden.hidden;
  }

  function update() {
    wrappers.forEach(function (el) { el.hidden = !(sourceVisible(el) && holds(el)); });
    var ids = shownField.value ? shownField.value.split(",") : [];
    wrappers.forEach(function (el) {
      var id = el.getAttribute("data-qid");
      var at = ids.indexOf(id);
      if (!el.hidden && at < 0) { ids.push(id); }
      if (el.hidden && at >= 0) { ids.splice(at, 1); }
    });
    shownField.value = ids.join(",");
    var contact = form.querySelector("[data-contact]");
    if (contact) {
      var fields = contact.querySelectorAll(".field");
      contact.hidden = Array.prototype.every.call(fields, function (f) { return f.hidden; });
    }
  }

  form.addEventListener("change", update);
  form.addEventListener("input", update);
}());
