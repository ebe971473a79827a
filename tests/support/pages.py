"""Built pages as the tests read them: a parser for links, stylesheets, scripts and headings, and a production
build of a (possibly edited) copy of the example hub."""
from __future__ import annotations

import html.parser
from pathlib import Path

from conftest import AS_OF, copy_project, fanzine

SITEURL = "https://novalights.example"


class Page(html.parser.HTMLParser):
    """The parts of a built page these tests look at: links (class, href, text), stylesheets, scripts, headings."""

    def __init__(self, text: str):
        super().__init__()
        self.links: list[dict] = []
        self.stylesheets: list[str] = []
        self.scripts: list[str] = []
        self.headings: list[tuple[str, str]] = []
        self._open: list[dict] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a":
            self._open.append({"class": a.get("class") or "", "href": a.get("href"), "text": "", "tag": "a"})
        elif tag in ("h1", "h2", "h3"):
            self._open.append({"tag": tag, "text": ""})
        elif tag == "link" and "stylesheet" in (a.get("rel") or "").split():
            self.stylesheets.append(a["href"])
        elif tag == "script" and a.get("src"):
            self.scripts.append(a["src"])

    def handle_data(self, data):
        for element in self._open:
            element["text"] += data

    def handle_endtag(self, tag):
        if self._open and self._open[-1]["tag"] == tag:
            element = self._open.pop()
            element["text"] = " ".join(element["text"].split())
            (self.links.append(element) if tag == "a" else self.headings.append((tag, element["text"])))

    def buttons(self) -> list[dict]:
        return [link for link in self.links if "link-button" in link["class"].split()]


def read(output: Path, path: str) -> str:
    return (output / path).read_text(encoding="utf-8")


def build(tmp_path: Path, as_of: str = AS_OF, edit=None, publish: bool = True, name: str = "out") -> Path:
    """A production build of a copy of the example hub, optionally edited first."""
    project = tmp_path / "project"
    if not project.exists():
        copy_project(project)
    if edit:
        edit(project)
    output = tmp_path / name
    fanzine("build", *(["--publish"] if publish else []), "--as-of", as_of, "--output", str(output), cwd=project,
            check=True, env={"SITEURL": SITEURL})
    return output
