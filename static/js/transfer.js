// The bank-transfer panel of a held booking: copy buttons, the time left, and the page turning
// into the ticket (or showing what arrived) when the bank's notification confirms the payment,
// without a reload. Works without script too: the page shows everything, and a reload updates it.
(function () {
  "use strict";

  function copy(button) {
    var value = button.getAttribute("data-copy");
    var done = function () {
      var label = button.textContent;
      button.textContent = button.getAttribute("data-copied");
      button.classList.add("copied");
      setTimeout(function () { button.textContent = label; button.classList.remove("copied"); }, 2000);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(value).then(done, function () { select(button); });
    } else {
      select(button);
      try { document.execCommand("copy"); done(); } catch (e) { /* the value stays selected */ }
    }
  }

  function select(button) {
    var target = document.getElementById(button.getAttribute("aria-controls"));
    if (!target) { return; }
    var range = document.createRange();
    range.selectNodeContents(target);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function countdown(element) {
    var deadline = Date.parse(element.getAttribute("data-deadline"));
    var tick = function () {
      var left = Math.max(0, Math.floor((deadline - Date.now()) / 1000));
      var minutes = Math.floor(left / 60);
      var seconds = left % 60;
      element.textContent = minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
      if (left === 0) { clearInterval(timer); }
    };
    var timer = setInterval(tick, 1000);
    tick();
  }

  function bind(root) {
    root.querySelectorAll("[data-copy]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { copy(button); });
    });
    root.querySelectorAll("[data-deadline]").forEach(countdown);
  }

  function poll(panel) {
    var url = panel.getAttribute("data-poll-url");
    var seen = panel.getAttribute("data-state");
    var stopAt = Date.now() + 2 * 60 * 60 * 1000;
    var timer = setInterval(function () {
      if (Date.now() > stopAt) { clearInterval(timer); return; }
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (state) {
          if (!state || state.state === seen) { return; }
          clearInterval(timer);
          return fetch(window.location.href, { credentials: "same-origin" })
            .then(function (response) { return response.text(); })
            .then(function (html) {
              var fresh = new DOMParser().parseFromString(html, "text/html").querySelector("article.booking-page");
              var old = document.querySelector("article.booking-page");
              if (!fresh || !old) { window.location.reload(); return; }
              old.replaceWith(fresh);
              bind(fresh);
              var next = fresh.querySelector("[data-poll-url]");
              if (next) { poll(next); }
              var status = fresh.querySelector(".booking-status");
              if (status) { status.setAttribute("tabindex", "-1"); status.focus(); }
            });
        })
        .catch(function () { /* offline a moment: the next round tries again */ });
    }, 3000);
  }

  bind(document);
  var panel = document.querySelector("[data-poll-url]");
  if (panel) { poll(panel); }
})();
