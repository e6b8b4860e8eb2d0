// Staff forms: "Add another date" gives one more date picker for the dates a series skips.
(function () {
  "use strict";
  var add = document.getElementById("add-skip");
  var list = document.getElementById("skip-list");
  if (!add || !list) {
    return;
  }
  add.hidden = false;
  add.addEventListener("click", function () {
    var next = list.querySelector("input:last-child").cloneNode();
    next.value = "";
    list.appendChild(next);
    next.focus();
  });
}());
