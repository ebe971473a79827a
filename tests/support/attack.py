"""Poking a page the way an attacker hopes a fan will, and reporting what ran (test_xss.py, test_participation.py)."""
from __future__ import annotations

from xss_vectors import ATTACKER, MARKER

POKE_EVERYTHING = """async () => {
  // no navigation away, whatever is clicked or submitted: only inline handlers could run
  for (const type of ['click', 'submit', 'auxclick']) window.addEventListener(type, e => e.preventDefault(), true);
  const events = ['mouseover', 'mouseenter', 'mousemove', 'pointerover', 'pointerenter', 'focus', 'focusin',
                  'click', 'dblclick', 'mousedown', 'mouseup', 'keydown', 'animationstart', 'toggle', 'load', 'error'];
  let poked = 0;
  for (const el of document.querySelectorAll('body *')) {
    for (const type of events) { el.dispatchEvent(new Event(type, {bubbles: true})); }
    if (typeof el.focus === 'function') el.focus();
    poked++;
  }
  await new Promise(r => setTimeout(r, 300));
  return poked;
}"""


def attack_report(page, url: str) -> list[str]:
    """Open url, poke every element, and say what ran: dialogs, console markers, attacker requests."""
    ran: list[str] = []
    page.on("dialog", lambda dialog: (ran.append(f"dialog: {dialog.type} {dialog.message}"), dialog.dismiss()))
    page.on("console", lambda msg: MARKER in msg.text and ran.append(f"console: {msg.text}"))
    page.on("request", lambda request: ATTACKER in request.url and ran.append(f"request: {request.url}"))
    page.route(f"**/*{ATTACKER}*/**", lambda route: route.abort())
    page.goto(url, wait_until="load")
    page.evaluate(POKE_EVERYTHING)
    page.wait_for_timeout(200)
    links = page.evaluate("[...document.querySelectorAll('a[href]')].map(a => a.protocol)")
    ran += [f"link with {protocol}" for protocol in links if protocol not in ("http:", "https:", "mailto:")]
    return ran
