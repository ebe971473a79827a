/* Votes and submissions sent in place, and a live poll's running count (docs/polls.md, docs/calls.md).
   Without this script the forms still work: the endpoint sends the browser back to the page with #voted or
   #sent, which the page shows through :target. With it, the same states are shown without leaving the page.
   A device poll's vote carries a random id kept in localStorage (never a cookie): one vote per browser. */
(function () {
  "use strict";

  function deviceId() {
    var id = null;
    try { id = localStorage.getItem("fanzine-device"); } catch (e) { return null; }
    if (!id || !/^[A-Za-z0-9-]{16,64}$/.test(id)) {
      var bytes = new Uint8Array(16);
      crypto.getRandomValues(bytes);
      id = Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
      try { localStorage.setItem("fanzine-device", id); } catch (e) { return null; }
    }
    return id;
  }

  function show(state) {
    var target = document.getElementById(state);
    if (!target) return;
    location.hash = state;  // the same :target state a form without JavaScript comes back to
    target.focus();
  }

  document.addEventListener("submit", function (event) {
    var form = event.target, kind = form.getAttribute("data-participate");
    if (!kind || !window.fetch) return;
    event.preventDefault();
    var status = form.querySelector("[data-participate-status]"), button = form.querySelector("[type=submit]");
    var wrong = form.querySelector("[aria-invalid]");
    if (wrong) wrong.removeAttribute("aria-invalid");
    function say(text, error) {
      status.textContent = text;
      status.className = error ? "signup__status signup__status--error" : "signup__status";
    }
    var body = new URLSearchParams(new FormData(form));
    if (kind === "vote" && form.getAttribute("data-vote-by") === "device") {
      var id = deviceId();
      if (id) body.set("device", id);
    }
    button.disabled = true;
    say(kind === "vote" ? "Sending your vote…" : "Sending…");
    fetch(form.action, { method: "POST", body: body, headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.json().then(function (answer) {
          button.disabled = false;
          if (response.ok && answer.ok) {
            say("");
            form.reset();
            if (kind === "vote") liveResults(true);
            return show(kind === "vote" ? (answer.counted ? "voted" : "already-voted") : "sent");
          }
          var field = answer.field && form.elements[answer.field];
          if (field && field.focus && !field.closest("[aria-hidden]")) {
            if (field.setAttribute) field.setAttribute("aria-invalid", "true");
            field.focus();
          }
          say(answer.error || "Something went wrong. Please try again.", true);
        });
      })
      .catch(function () {
        button.disabled = false;
        say("We couldn’t reach the form service. Please try again.", true);
      });
  });

  function liveResults(fresh) {  // fresh: after the fan's own vote, past the 30 seconds the counts are cached
    Array.prototype.forEach.call(document.querySelectorAll("[data-live-results]"), function (box) {
      if (window.fetch) showCounts(box, fresh);
    });
  }

  function showCounts(box, fresh) {
    fetch(box.getAttribute("data-live-results"), { headers: { Accept: "application/json" },
                                                   cache: fresh ? "reload" : "default" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (answer) {
        if (!answer || !answer.counts) return;
        var lines = box.querySelectorAll("[data-choice]"), total = 0;
        Array.prototype.forEach.call(lines, function (line) { total += answer.counts[line.getAttribute("data-choice")] || 0; });
        Array.prototype.forEach.call(lines, function (line) {
          var votes = answer.counts[line.getAttribute("data-choice")] || 0;
          var percent = total ? Math.round(100 * votes / total) : 0;
          var meter = line.querySelector("meter");
          meter.value = percent;
          meter.textContent = percent + "%";
          line.querySelector("[data-share]").textContent = percent + "% · " + votes + (votes === 1 ? " vote" : " votes");
        });
        box.querySelector("[data-results-total]").textContent = total + (total === 1 ? " vote" : " votes") + " so far.";
      })
      .catch(function () {});
  }

  liveResults(false);
})();
