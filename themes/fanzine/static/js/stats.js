/* Cookieless counts (artist.yml stats: on; what is counted: /privacy/). Sends {page, target} and nothing else
   to the form endpoint's /hit: no cookie, no storage, no identifier. Do Not Track and Global Privacy Control
   mean nothing is sent at all. */
(function () {
  var nav = navigator, me = document.currentScript;
  if (!me || !nav.sendBeacon || nav.globalPrivacyControl || nav.doNotTrack === "1" || window.doNotTrack === "1") return;
  var url = me.getAttribute("data-endpoint") + "/hit", page = me.getAttribute("data-page");
  function count(target) {
    try { nav.sendBeacon(url, JSON.stringify({ page: page, target: target })); } catch (e) { /* never in the fan's way */ }
  }
  count("view");
  // An arrival from a printed QR code (its address carries src=qr): counted once, then removed from the address.
  var query = location.search.replace(/^\?/, "").split("&"), rest = query.filter(function (p) { return p !== "src=qr"; });
  if (rest.length < query.length) {
    count("qr");
    history.replaceState(history.state, "", location.pathname + (rest.join("") ? "?" + rest.join("&") : "") + location.hash);
  }
  function tap(event) {
    var link = event.target.closest && event.target.closest("[data-stats]");
    if (link && (event.type === "click" || event.button === 1)) count(link.getAttribute("data-stats"));
  }
  document.addEventListener("click", tap);
  document.addEventListener("auxclick", tap);
})();
