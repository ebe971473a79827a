// make serve only (never in output/): reload after each good build; show a save's mistakes over the last good one.
"use strict";
(() => {
  let shownBuild = null;
  let host = null;

  function close() {
    if (host) host.remove();
    host = null;
  }

  function show(state) {
    close();
    host = document.createElement("fanzine-dev-overlay");
    const root = host.attachShadow({ mode: "open" });
    const style = document.createElement("link");
    style.rel = "stylesheet";
    style.href = "/__fanzine/overlay.css";
    const box = document.createElement("section");
    box.setAttribute("role", "alert");
    box.setAttribute("aria-labelledby", "fanzine-dev-title");
    const title = document.createElement("h2");
    title.id = "fanzine-dev-title";
    title.tabIndex = -1;
    title.textContent = state.crash ? "Something went wrong inside Fanzine" : "This save has a mistake";
    const lead = document.createElement("p");
    lead.textContent = state.crash
      ? state.crash
      : "The page below is the last good build. Fix the file and save: this message goes away by itself.";
    box.append(title, lead);
    if (state.problems.length) {
      const list = document.createElement("ul");
      for (const problem of state.problems) {
        const item = document.createElement("li");
        const text = document.createElement("pre");
        text.textContent = problem;
        item.append(text);
        list.append(item);
      }
      box.append(list);
    }
    const dismiss = document.createElement("button");
    dismiss.type = "button";
    dismiss.textContent = "Hide until the next save";
    dismiss.addEventListener("click", close);
    box.append(dismiss);
    box.addEventListener("keydown", (event) => { if (event.key === "Escape") close(); });
    root.append(style, box);
    document.body.append(host);
    title.focus({ preventScroll: true });
  }

  const events = new EventSource("/__fanzine/events");
  events.onmessage = (message) => {
    const state = JSON.parse(message.data);
    if (shownBuild !== null && state.ok && state.build !== shownBuild) {
      location.reload();
      return;
    }
    if (shownBuild === null) shownBuild = state.build;
    if (state.ok) close();
    else show(state);
  };
})();
