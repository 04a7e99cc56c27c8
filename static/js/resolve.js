// The resolution page: "Start from this wording" puts an amendment's wording in the highlighted
// region of the live merge draft; the preview follows the region as anyone types; committing
// waits until this browser's edits are stored, then sends exactly the words on screen.
(function () {
  "use strict";
  var form = document.getElementById("resolve-form");
  var room = document.querySelector("[data-live-room][data-region-start]");
  if (!form || !room) { return; }
  var preview = document.getElementById("resolution-preview");
  var handle = null;

  function show(region) {
    if (!region) { return; }
    preview.textContent = region.text;
    form.elements.text.value = region.text;
    form.elements.live_start.value = region.start;
    form.elements.live_end.value = region.end;
  }

  function ready(found) {
    if (handle || !found) { return; }
    handle = found;
    document.querySelectorAll("[data-use-wording]").forEach(function (button) {
      button.disabled = false;
      button.addEventListener("click", function () {
        handle.replaceRegion(button.getAttribute("data-use-wording"));
      });
    });
    show(handle.region());
  }
  room.addEventListener("refound:room-ready", function (event) { ready(event.detail); });
  var booted = window.refoundLive && window.refoundLive.rooms[room.getAttribute("data-live-room")];
  ready(booted);  // the editor's module may have run first
  room.addEventListener("refound:region", function (event) { show(event.detail); });

  form.addEventListener("submit", function (event) {
    if (!handle || form.getAttribute("data-ready") === "true") { return; }
    event.preventDefault();
    var button = form.querySelector("button[type=submit]");
    if (button) { button.disabled = true; }
    var waited = 0;
    (function wait() {
      if ((handle.unacked === 0 && handle.saveState === "saved") || waited >= 10000) {
        show(handle.region());
        form.setAttribute("data-ready", "true");
        form.submit();
        return;
      }
      waited += 100;
      setTimeout(wait, 100);
    })();
  });
})();
