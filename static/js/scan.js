// Scan a ticket's QR code with the phone's camera where the browser offers BarcodeDetector;
// typing the code always works without it.
(function () {
  "use strict";
  var button = document.getElementById("scan-button");
  if (!button || !("BarcodeDetector" in window) || !navigator.mediaDevices) {
    return;
  }
  var form = document.getElementById("ticket-form");
  var input = document.getElementById(button.dataset.scanTarget);
  var box = document.getElementById("scanner");
  var video = document.getElementById("scanner-video");
  var stopButton = document.getElementById("scan-stop");
  var stream = null;
  var detector = null;

  function stop() {
    if (stream) {
      stream.getTracks().forEach(function (track) { track.stop(); });
      stream = null;
    }
    box.hidden = true;
  }

  function look() {
    if (!stream) {
      return;
    }
    detector.detect(video).then(function (codes) {
      var found = codes.find(function (code) { return code.rawValue; });
      if (found) {
        input.value = found.rawValue;
        stop();
        form.submit();
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
        return video.play();
      })
      .then(look)
      .catch(function () { stop(); input.focus(); });
  });
  stopButton.addEventListener("click", stop);
}());
