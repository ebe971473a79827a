/* Early access, the page's own files (plugins/fanzine/early/gatedfiles.py): loaded by gate.js after unlock.
   Each file is fetched as ciphertext and opened chunk by chunk with the page's content key, so
   memory holds about one chunk (1 MB) at a time; the plaintext goes into Blobs, which the browser
   keeps in its own storage. Pictures and players open at once, downloads when tapped. */
(function () {
  "use strict";
  var encode = function (text) { return new TextEncoder().encode(text); };
  function say(element, text, isError) {
    element.textContent = text;
    element.classList.toggle("gate__status--error", !!isError);
  }

  var sealed;
  function fileAad(name, index, last) {
    return encode("fanzine-file-v1\u0000" + sealed.page + "\u0000" + name + "\u0000" + index + "\u0000" + (last ? 1 : 0));
  }

  // Resolves to a Blob of the plaintext; onProgress(fraction) after each chunk.
  function openFile(cek, element, onProgress) {
    var size = Number(element.getAttribute("data-gate-size"));
    var name = element.getAttribute("data-gate-name");
    var chunk = sealed.chunk;
    var count = Math.max(1, Math.ceil(size / chunk));
    var parts = [], pending = [], pendingLength = 0, index = 0;

    function recordLength(i) { return 12 + Math.min(chunk, size - i * chunk) + 16; }
    function take(length) {  // exactly `length` bytes from the front of what has arrived
      var out = new Uint8Array(length), filled = 0;
      while (filled < length) {
        var head = pending[0], need = length - filled;
        if (head.length <= need) { out.set(head, filled); filled += head.length; pending.shift(); }
        else { out.set(head.subarray(0, need), filled); pending[0] = head.subarray(need); filled = length; }
      }
      pendingLength -= length;
      return out;
    }
    function drain() {  // open every complete chunk that has arrived, in order
      if (index >= count || pendingLength < recordLength(index)) return Promise.resolve();
      var record = take(recordLength(index));
      var last = index === count - 1;
      return crypto.subtle.decrypt({ name: "AES-GCM", iv: record.subarray(0, 12), additionalData: fileAad(name, index, last) },
                                   cek, record.subarray(12))
        .then(function (plain) {
          parts.push(new Blob([plain]));  // the browser keeps the bytes; this page keeps a handle
          index += 1;
          if (onProgress) onProgress(index / count);
          return drain();
        });
    }
    return fetch(element.getAttribute("data-gate-file")).then(function (response) {
      if (!response.ok || !response.body) throw new Error("The file could not be loaded.");
      var reader = response.body.getReader();
      function pump() {
        return reader.read().then(function (step) {
          if (step.done) {
            if (index !== count || pendingLength) throw new Error("The file is incomplete.");
            return new Blob(parts, { type: element.getAttribute("data-gate-type") || "" });
          }
          pending.push(step.value);
          pendingLength += step.value.length;
          return drain().then(pump);
        });
      }
      return pump();
    });
  }

  function showFiles(cek, body, page) {
    sealed = page;
    // pictures and players open one after another right away; downloads wait for a tap
    var shown = body.querySelectorAll("img[data-gate-file], audio[data-gate-file], video[data-gate-file]");
    var queue = Promise.resolve();
    Array.prototype.forEach.call(shown, function (element) {
      queue = queue.then(function () {
        return openFile(cek, element).then(function (blob) { element.src = URL.createObjectURL(blob); });
      }).catch(function () { element.setAttribute("data-gate-failed", ""); });
    });
    Array.prototype.forEach.call(body.querySelectorAll("a[data-gate-file]"), function (link) {
      var progress = document.createElement("span");
      progress.className = "gate-download__status";
      progress.setAttribute("role", "status");
      link.insertAdjacentElement("afterend", progress);
      link.addEventListener("click", function (event) {
        if (link.getAttribute("href").indexOf("blob:") === 0) return;  // opened already: an ordinary download
        event.preventDefault();
        if (link.hasAttribute("aria-busy")) return;
        link.setAttribute("aria-busy", "true");
        openFile(cek, link, function (done) { say(progress, " Unlocking… " + Math.round(done * 100) + "%"); })
          .then(function (blob) {
            link.href = URL.createObjectURL(blob);
            link.removeAttribute("aria-busy");
            say(progress, "");
            link.click();
          })
          .catch(function (error) {
            link.removeAttribute("aria-busy");
            say(progress, " " + (error.message || "The file could not be unlocked.") + " Please try again.", true);
          });
      });
    });
  }

  window.fanzineGateFiles = showFiles;
})();
