// Show which amendment a change came from, in a visible panel, when the change is clicked or
// focused: the title attribute alone is not reachable by touch or keyboard.
(function () {
  "use strict";
  document.querySelectorAll("[data-provenance-panel]").forEach(function (box) {
    var panel = document.getElementById(box.getAttribute("data-provenance-panel"));
    if (!panel) { return; }
    function show(event) {
      var mark = event.target.closest("ins[data-amendment], del[data-amendment]");
      if (!mark || !box.contains(mark)) { return; }
      panel.textContent = mark.getAttribute("title") || "";
      panel.hidden = !panel.textContent;
    }
    box.addEventListener("click", show);
    box.addEventListener("focusin", show);
  });
})();
