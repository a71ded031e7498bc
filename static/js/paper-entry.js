/* Paper entry, progressive enhancement: Enter moves to the next box instead of submitting;
   on the last box (or with Ctrl+Enter) the sheet is submitted. Works without it too. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-paper-entry]");
  if (!form) { return; }
  var fields = Array.prototype.slice.call(form.querySelectorAll("input[type=text], select"));
  form.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || event.ctrlKey) { return; }
    var index = fields.indexOf(event.target);
    if (index < 0) { return; }
    event.preventDefault();
    if (index + 1 < fields.length) {
      fields[index + 1].focus();
      if (fields[index + 1].select) { fields[index + 1].select(); }
    } else {
      form.requestSubmit();
    }
  });
  var first = form.querySelector(".has-error input") || fields[1] || fields[0];
  if (first) { first.focus(); }
}());
