// The door, made quicker where the browser allows it; every part works without this script.
// - The ticket form and the check-in toggles send in the background: the page the server
//   answers with replaces the door's answer, its counts and the guest list, and the focus goes
//   back to the code field, ready for the next ticket.
// - The camera, where the browser offers BarcodeDetector, scans one ticket after another
//   without stopping.
// - The guest list filters itself as a name or code is typed.
(function () {
  "use strict";
  var form = document.getElementById("ticket-form");
  var input = form ? form.querySelector("input[name=code]") : null;
  var REGIONS = ["door-answer", "door-counts", "roster-list"];

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d")
      .replace(/Đ/g, "D").toLowerCase();
  }

  function swap(html) {
    var fresh = new DOMParser().parseFromString(html, "text/html");
    REGIONS.forEach(function (id) {
      var now = document.getElementById(id);
      var next = fresh.getElementById(id);
      if (now && next) {
        now.innerHTML = next.innerHTML;
      }
    });
    var errors = fresh.querySelectorAll("#ticket-form .error, #ticket-form .alert");
    form.querySelectorAll(".error, .alert").forEach(function (node) { node.remove(); });
    errors.forEach(function (node) { input.insertAdjacentElement("afterend", node); });
    wireToggles();
    filterRoster();
  }

  function send(target, focusAfter) {
    var body = new FormData(target);
    return fetch(target.action, { method: "POST", body: body, credentials: "same-origin" })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        swap(html);
        if (focusAfter) {
          focusAfter();
        }
      });
  }

  function readyForNext() {
    input.value = "";
    input.focus();
  }

  if (form && window.fetch && window.DOMParser) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      send(form, readyForNext).catch(function () { form.submit(); });
    });
  }

  function wireToggles() {
    document.querySelectorAll("#roster-list form[data-door]").forEach(function (toggle) {
      if (toggle.dataset.wired) {
        return;
      }
      toggle.dataset.wired = "1";
      toggle.addEventListener("submit", function (event) {
        if (!window.fetch || !window.DOMParser) {
          return;
        }
        event.preventDefault();
        var row = toggle.closest("li");
        var rowId = row ? row.id : null;
        send(toggle, function () {
          var again = rowId && document.querySelector("#" + rowId + " .toggle");
          if (again) {
            again.focus();
          }
        }).catch(function () { toggle.submit(); });
      });
    });
  }

  var search = document.getElementById("roster-search");
  function filterRoster() {
    if (!search) {
      return;
    }
    var words = fold(search.value).split(/\s+/).filter(Boolean);
    var shown = 0;
    document.querySelectorAll("#roster-list > li").forEach(function (row) {
      var find = fold(row.dataset.find || "");
      var haystack = find + " " + find.replace(/-/g, "");
      var match = words.every(function (word) { return haystack.indexOf(word) !== -1; });
      row.hidden = !match;
      shown += match ? 1 : 0;
    });
    var none = document.getElementById("roster-none");
    if (none) {
      none.hidden = shown > 0;
    }
  }
  if (search) {
    search.addEventListener("input", filterRoster);
  }
  wireToggles();

  // Continuous scanning: each code read is sent once; the same code again only after a pause.
  var button = document.getElementById("scan-button");
  if (!form || !button || !("BarcodeDetector" in window) || !navigator.mediaDevices) {
    return;
  }
  var box = document.getElementById("scanner");
  var video = document.getElementById("scanner-video");
  var stopButton = document.getElementById("scan-stop");
  var stream = null;
  var detector = null;
  var last = { code: "", at: 0 };
  var busy = false;

  function stop() {
    if (stream) {
      stream.getTracks().forEach(function (track) { track.stop(); });
      stream = null;
    }
    box.hidden = true;
    button.hidden = false;
  }

  function look() {
    if (!stream) {
      return;
    }
    detector.detect(video).then(function (codes) {
      var found = codes.find(function (code) { return code.rawValue; });
      var now = Date.now();
      if (found && !busy && (found.rawValue !== last.code || now - last.at > 4000)) {
        last = { code: found.rawValue, at: now };
        busy = true;
        input.value = found.rawValue;
        send(form, function () {
          var answer = document.querySelector("#door-answer .door-answer");
          if (navigator.vibrate && answer) {
            navigator.vibrate(answer.dataset.outcome === "in" ? 80 : [120, 60, 120]);
          }
          input.value = "";
        }).catch(function () {}).then(function () {
          busy = false;
          window.setTimeout(look, 250);
        });
      } else {
        window.setTimeout(look, 250);
      }
    }).catch(function () { window.setTimeout(look, 500); });
  }

  window.BarcodeDetector.getSupportedFormats().then(function (formats) {
    if (formats.indexOf("qr_code") === -1) {
      return;
    }
    detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    button.hidden = false;
  });

  button.addEventListener("click", function () {
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } })
      .then(function (media) {
        stream = media;
        video.srcObject = media;
        box.hidden = false;
        button.hidden = true;
        return video.play();
      })
      .then(look)
      .catch(function () { stop(); input.focus(); });
  });
  stopButton.addEventListener("click", stop);
}());
