"""What in sanitised HTML could run code, load something or restyle a page, as a browser's tokenizer sees it."""
from __future__ import annotations

import re
from html.parser import HTMLParser

from xss_vectors import ATTACKER

DANGEROUS_TAGS = {"script", "style", "iframe", "frame", "object", "embed", "form", "input", "button", "textarea",
                  "select", "svg", "math", "link", "meta", "base", "img", "video", "audio", "source", "template",
                  "noscript", "marquee", "details"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "background", "poster", "srcdoc"}


class Elements(HTMLParser):
    """Every start tag with its attributes, as a browser's tokenizer sees them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, {name: value or "" for name, value in attrs}))

    handle_startendtag = handle_starttag


def elements(html: str) -> list[tuple[str, dict]]:
    parser = Elements()
    parser.feed(html)
    parser.close()
    return parser.found


def problems(html: str) -> list[str]:
    """What in sanitised HTML could run code, load something, or restyle the page."""
    found = []
    for tag, attrs in elements(html):
        if tag in DANGEROUS_TAGS:
            found.append(f"<{tag}>")
        for name, value in attrs.items():
            if name.startswith("on") or name == "style":
                found.append(f"{tag} {name}=")
            squashed = re.sub(r"[\x00-\x20]", "", value).lower()
            if name in URL_ATTRIBUTES and re.match(r"(javascript|data|vbscript):", squashed):
                found.append(f"{tag} {name}={value}")
            if name in URL_ATTRIBUTES and ATTACKER in value and tag != "a":
                found.append(f"{tag} {name} loads {value}")
    return found
