/* Early access: opens a page sealed at build time (see plugins/fanzine/early/gate.py).
   The body is AES-256-GCM ciphertext; its key is wrapped under the signup key
   (sent by the form endpoint after a signup) and/or a key derived from the
   access code (PBKDF2-SHA256). Everything runs in WebCrypto; nothing is sent
   anywhere except the signup form to the artist's own endpoint. */
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

  // The page's own files (pictures, tracks, downloads) are opened by gate-files.js, fetched only when
  // an unlocked body has some.
  var filesScript = document.currentScript && document.currentScript.src.replace(/gate\.js(\?.*)?$/, "gate-files.js");
  function showFiles(cek, body) {
    if (!filesScript || !body.querySelector("[data-gate-file]")) return;
    var script = document.createElement("script");
    script.src = filesScript;
    script.onload = function () { window.fanzineGateFiles(cek, body, sealed); };
    document.head.appendChild(script);
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
                             consent: f.consent.checked, website: f.website ? f.website.value : "",
                             stats: f.stats ? f.stats.value : undefined })
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
