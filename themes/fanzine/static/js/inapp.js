/* Inside Instagram's, TikTok's or Facebook's own browser, where pre-saves and sign-ins fail,
   show partials/inapp.html's hint: copy the link, or (Android) open it in the real browser. */
(function () {
  var ua = navigator.userAgent, box = document.getElementById("inapp");
  var app = /Instagram/.test(ua) ? "Instagram" : /musical_ly|BytedanceWebview|TikTok|trill_/i.test(ua) ? "TikTok"
    : /FBA[NV]\/|FB_IAB|FB4A|FBIOS/.test(ua) ? "Facebook" : "";
  if (!app || !box) return;
  var url = location.href, status = box.querySelector("[role=status]"), open = box.querySelector("a");
  box.querySelector("[data-app]").textContent = app;
  box.querySelector("button").onclick = function () {
    function copied() { status.textContent = "Link copied. Paste it into your browser."; }
    (navigator.clipboard ? navigator.clipboard.writeText(url) : Promise.reject()).then(copied, function () {
      var field = document.body.appendChild(document.createElement("textarea"));
      field.value = url;
      field.select();
      try { document.execCommand("copy") ? copied() : status.textContent = url; } catch (e) { status.textContent = url; }
      field.remove();
    });
  };
  if (/Android/.test(ua)) {
    open.href = "intent://" + location.host + location.pathname + location.search +
      "#Intent;scheme=" + location.protocol.slice(0, -1) + ";end";
    open.hidden = false;
  }
  box.hidden = false;
})();
