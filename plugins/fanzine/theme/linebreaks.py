"""A line break inside a paragraph of Chinese or Japanese shows as nothing, not as a space.

Markdown keeps a line break typed inside a paragraph, and a browser shows it as a space: right between two
English words, a gap no one typed between two Japanese characters ("シンガー。 夜の街"). Done on the HTML
when a page is rendered (as the players are), so a body in Pelican's content cache gets it too; text in
<pre> keeps its lines.
"""
from __future__ import annotations

import re

UNSPACED = "\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
BREAK = re.compile(rf"(?<=[{UNSPACED}])[ \t]*\n[ \t]*(?=[{UNSPACED}])")
PRE = re.compile(r"(<pre\b.*?</pre>)", re.S | re.I)


def join(html: str) -> str:
    """`html` without the line breaks that sit between two Chinese or Japanese characters (outside <pre>)."""
    if "\n" not in html:
        return html
    parts = PRE.split(html)
    return "".join(part if index % 2 else BREAK.sub("", part) for index, part in enumerate(parts))
