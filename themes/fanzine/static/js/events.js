/* Events: "Live now" during an event and "This event has ended" after it, true to the minute between the
   site's daily rebuilds, and the start in the fan's own timezone ("21:00 your time") when it differs from
   the event's. Without JavaScript the page already gives the times in the event's zone; this adds words. */
(function () {
  "use strict";

  function window_(el) {
    return { starts: Date.parse(el.getAttribute("data-event-starts")), until: Date.parse(el.getAttribute("data-event-until")) };
  }

  function tick() {
    var now = Date.now();
    document.querySelectorAll("[data-event-starts]").forEach(function (el) {
      var w = window_(el);
      if (isNaN(w.starts) || isNaN(w.until)) return;
      var live = now >= w.starts && now < w.until;
      el.classList.toggle("is-live", live);
      el.querySelectorAll("[data-live-badge]").forEach(function (badge) { badge.hidden = !live; });
      el.querySelectorAll("[data-ended]").forEach(function (note) { note.hidden = now < w.until; });
    });
  }

  function yourTime() {
    var fan;
    try { fan = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
    document.querySelectorAll("[data-your-time]").forEach(function (el) {
      var when = new Date(el.getAttribute("data-your-time"));
      if (isNaN(when) || !fan || fan === el.getAttribute("data-event-zone")) return;
      var format = { weekday: "short", hour: "numeric", minute: "2-digit", timeZoneName: "short" };
      var theirs = when.toLocaleString(undefined, Object.assign({ timeZone: el.getAttribute("data-event-zone") }, format));
      var mine = when.toLocaleString(undefined, format);
      if (mine === theirs) return;
      el.textContent = "(" + mine + " your time)";
      el.hidden = false;
    });
  }

  yourTime();
  tick();
  setInterval(tick, 30000);
})();
