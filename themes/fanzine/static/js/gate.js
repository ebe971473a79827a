/* Early access: opens a page sealed at build time (see plugins/fanzine/gate.py and gatedfiles.py).
   The body is AES-256-GCM ciphertext; its key is wrapped under the signup key
   (sent by the form endpoint after a signup) and/or a key derived from the
   access code (PBKDF2-SHA256). The page's files (pictures, tracks, downloads)
   are fetched as ciphertext and opened chunk by chunk with the same key, so
   memory holds one chunk at a time. Everything runs in WebCrypto; nothing is
   sent anywhere except the signup form to the artist's own endpoint. */
(function () {
  "use strict";
  var data = document.getElementById("gate-data");
  var gate = document.querySelector("[data-gate]");
  if (!data || !gate || !window.crypto || !crypto.subtle) return;
  var sealed = JSON.parse(data.textContent);
  var storeKey = "fanzine-gate:" + sealed.page;
  var DAY = 86400000;
  var encode = function (text) { return new TextEncoder().encode(text); };
  var aad = encode("fanzine-gate-v" + sealed.v + ":" + sealed.page);
  var status = gate.querySelector("[data-gate-status]");

  function bytes(b64) {
    var s = atob(b64.replace(/-/g, "+").replace(/_/g, "/"));
    var out = new Uint8Array(s.length);
    for (var i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
    return out;
  }
  function b64(buf) {
    var s = "", a = new Uint8Array(buf);
    for (var i = 0; i < a.length; i++) s += String.fromCharCode(a[i]);
    return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }
  function join(a, b) { var out = new Uint8Array(a.length + b.length); out.set(a); out.set(b, a.length); return out; }
  function aesKey(raw) { return crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["decrypt"]); }
  function open(key, packed, extra) {
    var all = bytes(packed);
    return crypto.subtle.decrypt({ name: "AES-GCM", iv: all.slice(0, 12), additionalData: join(aad, extra) },
                                 key, all.slice(12));
  }
  function say(element, text, isError) {
    if (!element) return;
    element.textContent = text;
    element.classList.toggle("gate__status--error", !!isError);
  }

  // "Remember me": the key is kept with its expiry; an expired or unreadable entry is dropped.
  function remembered() {
    try {
      var saved = JSON.parse(localStorage.getItem(storeKey));
      if (saved && saved.key && saved.expires > Date.now()) return saved;
    } catch (e) { /* unreadable: dropped below */ }
    localStorage.removeItem(storeKey);
    return null;
  }
  function remember(way, raw) {
    var box = gate.querySelector("[name=remember]");
    if (!box || !box.checked || !(sealed.remember > 0)) return;
    localStorage.setItem(storeKey, JSON.stringify({ way: way, key: b64(raw), expires: Date.now() + sealed.remember * DAY }));
  }

  // --- the page's files: fetched as ciphertext, opened one chunk at a time ------------------------
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

  function showFiles(cek, body) {
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

  // way: "signup" or "code"; raw: that way's 32-byte key. Resolves once the page is shown.
  // A remembered key keeps its first expiry: visiting again does not extend it.
  function unlock(way, raw, fromMemory) {
    return aesKey(raw)
      .then(function (k) { return open(k, sealed[way].wrapped, encode(":" + way)); })
      .then(aesKey)
      .then(function (cek) {
        return open(cek, sealed.body, new Uint8Array(0)).then(function (plain) {
          var body = document.getElementById("gate-body");
          body.innerHTML = new TextDecoder().decode(plain);
          body.hidden = false;
          gate.hidden = true;
          if (!fromMemory) remember(way, raw);
          var forget = document.getElementById("gate-forget");
          if (forget) forget.hidden = !localStorage.getItem(storeKey);
          showFiles(cek, body);
          body.focus();
        });
      });
  }

  var saved = remembered();
  if (saved && sealed[saved.way]) {
    // a key from before a rotation (access: key_version) or another build no longer opens the page
    unlock(saved.way, bytes(saved.key), true).catch(function () { localStorage.removeItem(storeKey); });
  }
  var forget = document.getElementById("gate-forget");
  if (forget) forget.addEventListener("click", function (event) {
    event.preventDefault();
    localStorage.removeItem(storeKey);
    location.reload();
  });

  var codeForm = gate.querySelector("[data-gate-code]");
  if (codeForm) codeForm.addEventListener("submit", function (event) {
    event.preventDefault();
    say(status, "Checking the code…");
    var code = encode(codeForm.elements.code.value.trim());
    crypto.subtle.importKey("raw", code, "PBKDF2", false, ["deriveBits"])
      .then(function (base) {
        return crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt: bytes(sealed.code.salt),
                                          iterations: sealed.code.iterations }, base, 256);
      })
      .then(function (bits) { return unlock("code", new Uint8Array(bits)); })
      .catch(function () { say(status, "That code didn't work. Check it and try again.", true); });
  });

  var signupForm = gate.querySelector("[data-gate-signup]");
  if (signupForm) signupForm.addEventListener("submit", function (event) {
    event.preventDefault();
    say(status, "Signing you up…");
    var f = signupForm.elements;
    fetch(sealed.signup.endpoint, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ page: sealed.page, ticket: sealed.signup.ticket, email: f.email.value,
                             consent: f.consent.checked, website: f.website ? f.website.value : "" })
    })
      .then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (answer) {
          if (!response.ok || !answer.key) throw new Error(answer.error || "The signup didn't go through. Please try again.");
          return unlock("signup", bytes(answer.key));
        });
      })
      .catch(function (error) { say(status, error.message || "The signup didn't go through. Please try again.", true); });
  });
})();
