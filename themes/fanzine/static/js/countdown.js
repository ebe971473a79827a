/* Release countdown: keeps "14 days to go" true to the minute between the site's daily rebuilds.
   The page already says it without JavaScript; this only updates the words, and says "Out now" at the
   moment the release date starts in the artist's timezone (data-countdown holds that instant). */
(function () {
  "use strict";
  var counters = document.querySelectorAll("[data-countdown]");
  if (!counters.length) return;

  function count(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  function words(ms) {
    if (ms <= 0) return "Out now";
    var minutes = Math.ceil(ms / 60000);
    var days = Math.floor(minutes / 1440), hours = Math.floor((minutes % 1440) / 60), rest = minutes % 60;
    if (days) return count(days, "day") + (hours ? ", " + count(hours, "hour") : "") + " to go";
    if (hours) return count(hours, "hour") + (rest ? ", " + count(rest, "minute") : "") + " to go";
    return count(rest, "minute") + " to go";
  }

  function tick() {
    var now = Date.now();
    counters.forEach(function (counter) {
      var target = Date.parse(counter.getAttribute("data-countdown"));
      if (isNaN(target)) return;
      var text = words(target - now);
      if (counter.textContent !== text) counter.textContent = text;
    });
  }

  tick();
  setInterval(tick, 30000);
})();
