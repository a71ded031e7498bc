/* Progressive enhancement of the residents' form (and the tablet interview): conditional
   questions appear as soon as their condition holds, instead of after submitting. The
   condition is the AST the server evaluates (data-relevant), read by condition-eval.js with
   the same rules, so the form works the same without this file. */
(function () {
  "use strict";
  /* Text typed in an "Autre :" box ticks "Autre", as the server reads it
     (surveys/answering.py _typed_other): a checkbox is ticked; a radio only when no other
     option of the question is ticked (otherwise the server asks which one). */
  var answers = document.querySelector("form[data-survey]");
  if (answers) {
    answers.addEventListener("input", function (event) {
      var box = event.target;
      if (!box.name || !/_autre$/.test(box.name) || !box.value.trim()) { return; }
      var name = box.name.replace(/_autre$/, "");
      var other = answers.querySelector("[name='" + name + "'][value='autre']");
      if (!other || other.checked) { return; }
      var ticked = answers.querySelectorAll("[name='" + name + "']:checked");
      if (other.type === "checkbox" || ticked.length === 0) {
        other.checked = true;
        other.dispatchEvent(new Event("change", { bubbles: true }));
      }
    });
  }
}());

(function () {
  "use strict";
  var form = document.querySelector("form[data-survey]");
  var refsNode = form && form.querySelector("[data-condition-refs]");
  if (!form || !refsNode || !window.PdqConditions) { return; }
  var C = window.PdqConditions;
  var questions = JSON.parse(refsNode.getAttribute("data-condition-refs"));
  var shownField = form.querySelector("input[name=shown]");

  function checked(name) {
    return Array.prototype.filter.call(form.querySelectorAll("[name='" + name + "']"),
      function (el) { return el.checked; }).map(function (el) { return el.value; });
  }

  function read(question) {
    if (question.type === "ranking") { return C.answerText(question, C.rankedIds(form, question)); }
    if (["single", "multiple", "yes_no"].indexOf(question.type) >= 0) {
      return C.answerText(question, checked(question.field));
    }
    if (question.type === "scale") { return C.answerText(question, null, checked(question.field)[0]); }
    var el = form.querySelector("[name='" + question.field + "']");
    return C.answerText(question, null, el ? el.value : "");
  }

  function wrapperOf(question) {
    return form.querySelector("[data-relevant][data-name='" + question.name + "']");
  }

  function update() {
    var values = {};
    var ids = shownField.value ? shownField.value.split(",") : [];
    questions.forEach(function (question) {
      var wrapper = wrapperOf(question);
      if (wrapper) {
        wrapper.hidden = !C.evaluate(JSON.parse(wrapper.getAttribute("data-relevant")), values);
        var id = wrapper.getAttribute("data-qid");
        var at = ids.indexOf(id);
        if (!wrapper.hidden && at < 0) { ids.push(id); }
        if (wrapper.hidden && at >= 0) { ids.splice(at, 1); }
        if (wrapper.hidden) { return; }
      }
      values[question.name] = read(question);
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
  update();
}());
