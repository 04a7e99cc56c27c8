// Suggest mode on the amend page: the redline and the lines the change touches follow the text as
// the member types (the server renders them, so the numbering is the official one). With
// ?lines=12-14 the box opens with those lines selected.
(function () {
  "use strict";
  var form = document.getElementById("amend-form");
  var section = document.getElementById("amend-preview");
  if (!form || !section) { return; }
  var box = form.querySelector("textarea[name=text]");
  var lines = document.getElementById("amend-lines");
  var redline = document.getElementById("amend-redline");
  var token = form.querySelector("input[name=csrf_token]");
  if (!box) { return; }

  function utf16(text, cp) {
    var i = 0;
    for (var n = 0; n < cp && i < text.length; n++) { i += text.codePointAt(i) > 0xffff ? 2 : 1; }
    return i;
  }
  if (form.hasAttribute("data-select-start")) {
    var start = utf16(box.value, parseInt(form.getAttribute("data-select-start"), 10));
    var end = utf16(box.value, parseInt(form.getAttribute("data-select-end"), 10));
    box.focus();
    box.setSelectionRange(start, end);
    // Bring the selection into view: the caret's line, by its share of the text.
    box.scrollTop = box.scrollHeight * (start / Math.max(1, box.value.length)) - box.clientHeight / 3;
  }

  var timer = null;
  var sent = 0;
  function refresh() {
    var mine = ++sent;
    var body = new URLSearchParams();
    body.set("text", box.value);
    fetch(section.getAttribute("data-preview-url"), {
      method: "POST", credentials: "same-origin", body: body,
      headers: { "X-CSRFToken": token ? token.value : "" }
    }).then(function (reply) { return reply.json(); }).then(function (data) {
      if (mine !== sent) { return; }  // a newer keystroke's answer is on its way
      section.hidden = false;
      if (data.error) {
        lines.textContent = data.error.code === "no_change" ? section.getAttribute("data-i18n-unchanged")
          : data.error.message;
        redline.innerHTML = "";
        return;
      }
      lines.textContent = section.getAttribute("data-i18n-changes").replace("{lines}", data.lines);
      redline.innerHTML = data.html;  // server-rendered and escaped (amendments/engine/redline.py)
    }).catch(function () { /* offline: the Preview button still works */ });
  }
  box.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(refresh, 400);
  });
})();
