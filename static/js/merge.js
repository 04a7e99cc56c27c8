// Merge page: choosing "use amendment N's wording" fills the wording box so the chair can
// adjust it; typing in the box switches the choice back to "my own wording".
(function () {
  "use strict";
  document.querySelectorAll("input[type=radio][data-fill]").forEach(function (radio) {
    radio.addEventListener("change", function () {
      var box = document.getElementById(radio.getAttribute("data-fill"));
      if (box && radio.checked) { box.value = radio.getAttribute("data-wording"); }
    });
  });
  document.querySelectorAll("textarea[data-custom]").forEach(function (box) {
    box.addEventListener("input", function () {
      var custom = document.getElementById(box.getAttribute("data-custom"));
      if (custom) { custom.checked = true; }
    });
  });
})();
