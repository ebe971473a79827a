/* Inside Instagram's, TikTok's or Facebook's own browser, where pre-saves and sign-ins fail, show
   partials/inapp.html's one-line notice: copy the link (iOS) or open it in the real browser (Android).
   Closed once, it stays closed for the visit (sessionStorage: nothing is stored after the tab closes). */
(function () {
  var ua = navigator.userAgent, box = document.getElementById("inapp"), KEY = "fanzine-inapp-closed";
  var app = /Instagram/.test(ua) ? "Instagram" : /musical_ly|BytedanceWebview|TikTok|trill_/i.test(ua) ? "TikTok"
    : /FBA[NV]\/|FB_IAB|FB4A|FBIOS/.test(ua) ? "Facebook" : "";
  if (!app || !box) return;
  try { if (sessionStorage.getItem(KEY)) return; } catch (e) { /* storage blocked: show it */ }
  var url = location.href, text = box.querySelector(".inapp__text"), status = box.querySelector("[role=status]");
  var copy = box.querySelector("button.inapp__button"), open = box.querySelector("a.inapp__button");
  box.querySelector("[data-app]").textContent = app;
  function say(words) { text.hidden = true; status.textContent = words; }
  copy.onclick = function () {
    function copied() { say("Link copied. Paste it into your browser."); }
    (navigator.clipboard ? navigator.clipboard.writeText(url) : Promise.reject()).then(copied, function () {
      var field = document.body.appendChild(document.createElement("textarea"));
      field.value = url;
      field.select();
      try { document.execCommand("copy") ? copied() : say(url); } catch (e) { say(url); }
      field.remove();
    });
  };
  if (/Android/.test(ua)) {
    open.href = "intent://" + location.host + location.pathname + location.search +
      "#Intent;scheme=" + location.protocol.slice(0, -1) + ";end";
    open.hidden = false;
    copy.hidden = true;
  }
  box.querySelector(".inapp__close").onclick = function () {
    box.hidden = true;
    try { sessionStorage.setItem(KEY, "1"); } catch (e) { /* closed for this page only */ }
  };
  box.hidden = false;
})();
