/* Paper entry, progressive enhancement: Enter moves to the next box instead of submitting;
   on the last box (or with Ctrl+Enter) the sheet is submitted. A conditional box whose
   condition the typed digits do not meet is marked "sans objet" (what is typed there is not
   counted), with the evaluator the server uses (condition-eval.js); Enter still goes box by
   box as on the sheet. Works without it too. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-paper-entry]");
  if (!form) { return; }
  var fields = Array.prototype.slice.call(form.querySelectorAll("input[type=text], select"));
  var refsNode = form.querySelector("[data-condition-refs]");
  var C = window.PdqConditions;
  var questions = refsNode && C ? JSON.parse(refsNode.getAttribute("data-condition-refs")) : [];

  function digits(question) {
    var el = form.querySelector("[name='" + question.field + "']");
    return (el ? el.value : "").replace(/,/g, " ").split(/\s+/).filter(Boolean)
      .map(function (token) {
        var n = /^\d+$/.test(token) ? parseInt(token, 10) : 0;
        if (n === question.options.length + 1 && question.other) { return "autre"; }
        return n >= 1 && n <= question.options.length ? String(question.options[n - 1][0]) : "";
      });
  }

  function read(question) {
    if (question.type === "ranking") { return C.answerText(question, C.rankedIds(form, question)); }
    if (["single", "multiple", "yes_no"].indexOf(question.type) >= 0) {
      return C.answerText(question, digits(question));
    }
    var el = form.querySelector("[name='" + question.field + "']");
    return C.answerText(question, null, el ? el.value : "");
  }

  function update() {
    var values = {};
    questions.forEach(function (question) {
      var box = form.querySelector(".paper-q[data-relevant][data-name='" + question.name + "']");
      if (box) {
        var applies = C.evaluate(JSON.parse(box.getAttribute("data-relevant")), values);
        box.classList.toggle("not-applicable", !applies);
        box.querySelector("[data-not-applicable]").hidden = applies;
        if (!applies) { return; }
      }
      values[question.name] = read(question);
    });
  }

  form.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || event.ctrlKey) { return; }
    var index = fields.indexOf(event.target);
    if (index < 0) { return; }
    event.preventDefault();
    var next = fields[index + 1];
    if (next) {
      next.focus();
      if (next.select) { next.select(); }
    } else {
      form.requestSubmit();
    }
  });
  if (questions.length) {
    form.addEventListener("input", update);
    form.addEventListener("change", update);
    update();
  }
  var first = form.querySelector(".has-error input") || fields[1] || fields[0];
  if (first) { first.focus(); }
}());
