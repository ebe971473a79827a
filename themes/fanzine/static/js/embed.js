/* Click-to-load players and inline signups (docs/embeds.md, docs/newsletter.md). A player is a plain
   link until a click swaps in its service's iframe; a form marked data-signup posts to the artist's
   endpoint and shows the answer in place. Without this script both still work as link and form. */
(function () {
  "use strict";
  var dark = window.matchMedia && matchMedia("(prefers-color-scheme: dark)").matches;

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-embed-src]");
    // a middle click or Ctrl/Cmd-click still opens the service in a new tab
    if (!link || event.button || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    var data = link.dataset, frame = document.createElement("iframe");
    var box = link.closest(".embed") || link.parentNode, note = box.querySelector(".embed__note");
    frame.src = (dark && data.embedSrcDark) || data.embedSrc;
    frame.title = data.embedTitle;
    frame.className = "embed__frame";
    if (data.embedHeight) frame.height = data.embedHeight;
    if (data.embedAllow) frame.allow = data.embedAllow;
    if (note) note.remove();
    link.replaceWith(frame);
    box.classList.add("embed--playing");
    frame.focus();
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute("data-signup") || !window.fetch) return;
    event.preventDefault();
    var status = form.querySelector("[data-signup-status]"), button = form.querySelector("[type=submit]");
    var wrong = form.querySelector("[aria-invalid]");
    if (wrong) wrong.removeAttribute("aria-invalid");
    function say(text, state) {  // state: "busy", "done" or "error"
      status.textContent = text;
      status.className = state === "error" ? "signup__status signup__status--error" : "signup__status";
      button.disabled = state === "busy";
    }
    say("Signing you up…", "busy");
    fetch(form.action, { method: "POST", body: new URLSearchParams(new FormData(form)),
                         headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.json().then(function (answer) {
          if (response.ok && answer.ok) {
            form.reset();
            return say(form.getAttribute("data-signup-done") || "Thank you! You’re on the list.", "done");
          }
          var field = answer.field && form.elements[answer.field];
          if (field && field.focus && !field.closest("[aria-hidden]")) {
            field.setAttribute("aria-invalid", "true");
            field.focus();
          }
          say(answer.error || "Something went wrong. Please try again.", "error");
        });
      })
      .catch(function () { say("We couldn’t reach the signup service. Please try again.", "error"); });
  });
})();
