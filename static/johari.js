/* Johari fast entry, progressive enhancement: keys 1-4 pick the zone and move to the text.
   Without this file the form works the same with the arrow keys and Tab. */
(function () {
  "use strict";
  var form = document.getElementById("jo-entry");
  if (!form) { return; }
  var text = form.querySelector("#text");
  form.addEventListener("keydown", function (event) {
    if (event.target === text || event.altKey || event.ctrlKey || event.metaKey) { return; }
    var radio = form.querySelector('input[name="quadrant"][data-key="' + event.key + '"]');
    if (!radio) { return; }
    event.preventDefault();
    radio.checked = true;
    text.focus();
  });
})();
