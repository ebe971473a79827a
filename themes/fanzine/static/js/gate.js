/* Early access: opens a page sealed at build time (see plugins/fanzine/gate.py).
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
  var aad = new TextEncoder().encode("fanzine-gate-v" + sealed.v + ":" + sealed.page);
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
  function say(text, isError) {
    if (!status) return;
    status.textContent = text;
    status.classList.toggle("gate__status--error", !!isError);
  }

  // way: "signup" or "code"; raw: that way's 32-byte key. Resolves once the page is shown.
  function unlock(way, raw) {
    return aesKey(raw)
      .then(function (k) { return open(k, sealed[way].wrapped, new TextEncoder().encode(":" + way)); })
      .then(aesKey)
      .then(function (cek) { return open(cek, sealed.body, new Uint8Array(0)); })
      .then(function (plain) {
        var body = document.getElementById("gate-body");
        body.innerHTML = new TextDecoder().decode(plain);
        body.hidden = false;
        gate.hidden = true;
        var remember = gate.querySelector("[name=remember]");
        if (!remember || remember.checked) localStorage.setItem(storeKey, JSON.stringify({ way: way, key: b64(raw) }));
        var forget = document.getElementById("gate-forget");
        if (forget) forget.hidden = !localStorage.getItem(storeKey);
        body.focus();
      });
  }

  var remembered = localStorage.getItem(storeKey);
  if (remembered) {
    try {
      var saved = JSON.parse(remembered);
      unlock(saved.way, bytes(saved.key)).catch(function () { localStorage.removeItem(storeKey); });
    } catch (e) { localStorage.removeItem(storeKey); }
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
    say("Checking the code…");
    var code = new TextEncoder().encode(codeForm.elements.code.value.trim());
    crypto.subtle.importKey("raw", code, "PBKDF2", false, ["deriveBits"])
      .then(function (base) {
        return crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt: bytes(sealed.code.salt),
                                          iterations: sealed.code.iterations }, base, 256);
      })
      .then(function (bits) { return unlock("code", new Uint8Array(bits)); })
      .catch(function () { say("That code didn't work. Check it and try again.", true); });
  });

  var signupForm = gate.querySelector("[data-gate-signup]");
  if (signupForm) signupForm.addEventListener("submit", function (event) {
    event.preventDefault();
    say("Signing you up…");
    var f = signupForm.elements;
    fetch(sealed.signup.endpoint, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ page: sealed.page, email: f.email.value, consent: f.consent.checked,
                             website: f.website ? f.website.value : "" })
    })
      .then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (answer) {
          if (!response.ok || !answer.key) throw new Error(answer.error || "The signup didn't go through. Please try again.");
          return unlock("signup", bytes(answer.key));
        });
      })
      .catch(function (error) { say(error.message || "The signup didn't go through. Please try again.", true); });
  });
})();
