// The roll import pages. On the upload form: refuse a file over the size limit before sending it,
// and say that a large file is uploading. On an import's page: poll its status, move the progress
// bar, announce each tenth of the way and the end in the live region, then show the report.
(function () {
  "use strict";

  var form = document.getElementById("roll-upload");
  if (form) {
    form.addEventListener("submit", function (event) {
      var input = form.querySelector("input[type=file]");
      var tooLarge = document.getElementById("file-too-large");
      var max = parseInt(form.getAttribute("data-max-bytes"), 10);
      var file = input && input.files && input.files[0];
      if (file && max && file.size > max && tooLarge) {
        event.preventDefault();
        tooLarge.hidden = false;
        input.setAttribute("aria-invalid", "true");
        var described = (input.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
        if (described.indexOf(tooLarge.id) < 0) { described.push(tooLarge.id); }
        input.setAttribute("aria-describedby", described.join(" "));
        input.focus();
        return;
      }
      if (tooLarge) { tooLarge.hidden = true; }
      var note = document.getElementById("roll-uploading");
      if (note) { note.textContent = form.getAttribute("data-uploading") || ""; }
      var button = form.querySelector("button[type=submit]");
      // Disabled after this event has run, so the form is still sent; a second click sends nothing.
      if (button) { setTimeout(function () { button.disabled = true; }, 0); }
    });
  }

  var job = document.getElementById("roll-job");
  var url = job && job.getAttribute("data-status-url");
  if (!url) { return; }
  var live = document.getElementById("roll-status");
  var bar = document.getElementById("roll-progress");
  var lastStatus = null;
  var lastTenth = -1;
  var delay = 1000;

  function announce(state) {
    var tenth = Math.floor(state.percent / 10);
    if (state.status !== lastStatus || tenth !== lastTenth) {
      live.textContent = state.message;
      live.className = "status-line status-" + state.status;
      lastStatus = state.status;
      lastTenth = tenth;
    }
  }

  function finish(state) {
    var focusWasHere = !document.activeElement || document.activeElement === document.body ||
      job.contains(document.activeElement);
    job.innerHTML = state.report_html || "";
    job.removeAttribute("data-status-url");
    var heading = document.getElementById("roll-report");
    if (heading && focusWasHere) { heading.focus(); }
  }

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (response.status === 401 || response.status === 403 || response.status === 404) {
          // Signed out, or the import is gone: asking again will not help. Say why and stop.
          return response.json().then(function (body) {
            live.textContent = (body.error && body.error.message) || "";
            return null;
          });
        }
        if (!response.ok) { throw new Error("status " + response.status); }
        return response.json();
      })
      .then(function (state) {
        if (!state) { return; }
        if (bar && state.status === "running") {
          bar.max = Math.max(1, state.rows_total);
          bar.value = Math.min(state.rows_done, bar.max);
          bar.textContent = state.percent + "%";
        }
        announce(state);
        if (state.finished) { finish(state); return; }
        delay = 1000;
        setTimeout(poll, delay);
      })
      .catch(function () {
        delay = Math.min(delay * 2, 15000);  // the server is busy or restarting: ask less often
        setTimeout(poll, delay);
      });
  }

  setTimeout(poll, 500);
})();
