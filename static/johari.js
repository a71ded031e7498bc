/* Johari fast entry, progressive enhancement: keys 1-4 pick the zone and move to the text,
   from anywhere on the page but a text field. Without this file the form works the same
   with the arrow keys and Tab. */
(function () {
  "use strict";
  var form = document.getElementById("jo-entry");
  if (!form) { return; }
  var text = form.querySelector("#text");
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.altKey || event.ctrlKey || event.metaKey || target === text ||
        target.matches("textarea, select, input[type=text], input[type=search]")) { return; }
    var radio = form.querySelector('input[name="quadrant"][data-key="' + event.key + '"]');
    if (!radio) { return; }
    event.preventDefault();
    radio.checked = true;
    text.focus();
  });
})();
