(function (n, me) {
  if (n.globalPrivacyControl || n.doNotTrack == "1") return;
  var q = location.search;
  function count(target) {
    n.sendBeacon(me.dataset.endpoint + "/hit", JSON.stringify({ page: location.pathname, target: target }));
  }
  count("view");
  if (/[?&]src=qr\b/.test(q)) {
    count("qr");
    history.replaceState(null, "", location.pathname + q.replace(/[?&]src=qr\b/, "").replace(/^&/, "?") + location.hash);
  }
  addEventListener("click", function (e) {
    var a = e.target.closest("[data-stats]");
    if (a) count(a.dataset.stats);
  });
})(navigator, document.currentScript);
