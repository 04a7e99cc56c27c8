// Show which amendment a change came from, in a visible panel, when the change is clicked, tapped or
// focused (the title attribute alone is not reachable by touch or keyboard), with links to the
// amendment and to the page explaining the clause the change is in.
(function () {
  "use strict";
  document.querySelectorAll("[data-provenance-panel]").forEach(function (box) {
    var panel = document.getElementById(box.getAttribute("data-provenance-panel"));
    if (!panel) { return; }
    var explainUrl = box.getAttribute("data-explain-url");
    var explainLabel = box.getAttribute("data-explain-label") || "Explain this clause";
    var amendmentUrl = box.getAttribute("data-amendment-url");
    var amendmentLabel = box.getAttribute("data-amendment-label") || "Read the amendment";

    function link(href, text) {
      var a = document.createElement("a");
      a.href = href;
      a.textContent = text;
      return a;
    }

    function show(event) {
      var mark = event.target.closest("ins[data-amendment], del[data-amendment], ins[data-proposal], del[data-proposal]");
      if (!mark || !box.contains(mark)) { return; }
      panel.textContent = mark.getAttribute("title") || "";
      var line = mark.closest("li.line");
      var amendment = mark.getAttribute("data-amendment");
      if (amendment && amendmentUrl) {
        panel.appendChild(document.createTextNode(" · "));
        panel.appendChild(link(amendmentUrl.replace(/\/0$/, "/" + amendment), amendmentLabel));
      }
      if (line && explainUrl) {
        panel.appendChild(document.createTextNode(" · "));
        panel.appendChild(link(explainUrl + encodeURIComponent(line.getAttribute("value")), explainLabel));
      }
      panel.hidden = !panel.textContent;
    }
    box.addEventListener("click", show);
    box.addEventListener("focusin", show);
  });
})();
