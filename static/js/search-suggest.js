// Suggestions while typing in a search box: the WAI-ARIA combobox pattern with a listbox popup
// (https://www.w3.org/WAI/ARIA/apg/patterns/combobox/). Focus stays in the input; the arrow keys
// move through the suggestions (aria-activedescendant), Enter opens the chosen one, Escape
// closes the list, and Enter with nothing chosen searches as usual. Without this script the box
// is a plain search form.
(function () {
  "use strict";
  var i18n = document.getElementById("suggest-i18n");
  if (!i18n || !window.fetch) { return; }
  var text = function (name) { return i18n.getAttribute("data-" + name) || ""; };
  var counter = 0;

  function setUp(input) {
    var url = input.getAttribute("data-suggest");
    var box = input.closest(".combobox") || input.parentNode;
    var listId = input.id + "-suggestions";
    var list = document.createElement("ul");
    var status = null;  // the live region, made when first needed (one per box that is used)
    var items = [];
    var active = -1;
    var timer = null;
    var pending = null;
    var asked = "";

    list.id = listId;
    list.className = "suggestions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", text("label"));
    list.hidden = true;
    box.appendChild(list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);

    function open(show) {
      list.hidden = !show;
      input.setAttribute("aria-expanded", show ? "true" : "false");
      if (!show) { choose(-1); }
    }

    function choose(index) {
      if (active >= 0 && items[active]) { items[active].node.setAttribute("aria-selected", "false"); }
      active = index;
      if (index >= 0 && items[index]) {
        items[index].node.setAttribute("aria-selected", "true");
        input.setAttribute("aria-activedescendant", items[index].node.id);
        items[index].node.scrollIntoView({block: "nearest"});
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function render(suggestions) {
      list.textContent = "";
      items = [];
      active = -1;
      suggestions.forEach(function (s, i) {
        var li = document.createElement("li");
        var kind = document.createElement("span");
        li.id = listId + "-" + (++counter);
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        kind.className = "suggestion-kind";
        kind.textContent = text("kind-" + s.kind);
        li.appendChild(document.createTextNode(s.title + " "));
        li.appendChild(kind);
        li.addEventListener("mousedown", function (event) { event.preventDefault(); });  // keep focus in the input
        li.addEventListener("click", function () { go(i); });
        list.appendChild(li);
        items.push({node: li, url: s.url});
      });
      open(items.length > 0);
      announce(items.length === 0 ? text("none")
        : items.length === 1 ? text("count-one") : text("count-many").replace("{n}", String(items.length)));
    }

    // The live region is made on the first keystroke, before anything is announced in it
    // (a region made with its message is often not read out), and only on pages where the box is used.
    function liveRegion() {
      if (!status) {
        status = document.createElement("div");
        status.className = "sr-only";
        status.setAttribute("role", "status");
        box.appendChild(status);
      }
      return status;
    }

    function announce(message) {
      if (status || message) { liveRegion().textContent = message; }
    }

    function go(index) {
      if (items[index]) { window.location.assign(items[index].url); }
    }

    function ask() {
      var q = input.value.trim();
      if (q === asked) { return; }
      asked = q;
      if (pending) { pending.abort(); }
      if (q.length < 2) { render([]); announce(""); return; }
      pending = new AbortController();
      fetch(url + "?q=" + encodeURIComponent(q), {credentials: "same-origin", headers: {Accept: "application/json"},
                                                  signal: pending.signal})
        .then(function (response) { return response.ok ? response.json() : {suggestions: []}; })
        .then(function (data) { if (input.value.trim() === q) { render(data.suggestions || []); } })
        .catch(function () { /* aborted by the next keystroke, or offline: no list */ });
    }

    input.addEventListener("input", function () {
      liveRegion();
      clearTimeout(timer);
      timer = setTimeout(ask, 150);
    });
    input.addEventListener("keydown", function (event) {
      var open_ = !list.hidden && items.length > 0;
      if (event.key === "ArrowDown" || event.key === "Down") {
        event.preventDefault();
        if (!open_) {  // reopen what was shown for this text; ask afresh only if the text changed
          if (items.length && input.value.trim() === asked) { open(true); } else { asked = ""; ask(); }
          return;
        }
        choose(active + 1 >= items.length ? 0 : active + 1);
      } else if (event.key === "ArrowUp" || event.key === "Up") {
        if (!open_) { return; }
        event.preventDefault();
        choose(active <= 0 ? items.length - 1 : active - 1);
      } else if (event.key === "Enter") {
        if (open_ && active >= 0) { event.preventDefault(); go(active); }
      } else if (event.key === "Escape" || event.key === "Esc") {
        if (open_) { event.preventDefault(); open(false); }
      }
    });
    input.addEventListener("blur", function () { open(false); });
    input.addEventListener("focus", function () { if (items.length && input.value.trim() === asked) { open(true); } });
  }

  document.querySelectorAll("input[data-suggest]").forEach(setUp);
})();
