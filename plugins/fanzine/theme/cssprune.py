"""Cuts the theme's stylesheet down to the rules a set of pages can use, for pages that must stay tiny.

The link page is the front door: it gets its own stylesheet, made at build time
from the whole theme's CSS by keeping the rules whose class names appear in the
built link pages (or in the scripts they load, which add classes later). So the
theme can grow (players, releases, stories) without the link page growing too.

The theme's CSS is plain: rules and @media/@supports blocks, no nesting. A rule
is kept when one of its selectors needs only classes the pages use (classes
inside :not() are not needed; :is()/:where() selectors are always kept).
"""
from __future__ import annotations

import re

COMMENT = re.compile(r"/\*.*?\*/", re.S)
CLASS = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
NOT = re.compile(r":not\([^()]*\)")
HTML_CLASS = re.compile(r'\bclass="([^"]*)"')
QUOTED = re.compile(r"""(["'])([^"'\\\n]{1,200})\1""")
GROUPS = ("@media", "@supports", "@layer", "@container")  # at-rules that hold rules


def classes_in_html(text: str) -> set[str]:
    """Every class an HTML page's elements carry."""
    return {name for value in HTML_CLASS.findall(text) for name in value.split()}


def classes_in_script(text: str) -> set[str]:
    """Class-like words in a script's string literals: the classes it may add after the page loads."""
    return {word for _quote, value in QUOTED.findall(text) for word in re.split(r"[\s.]+", value)
            if re.fullmatch(r"-?[_a-zA-Z][\w-]*", word)}


def prune(css: str, used: set[str]) -> str:
    """`css` with only the rules that can match an element carrying some of the `used` classes, minified."""
    return "".join(_rules(COMMENT.sub("", css), used))


def _rules(css: str, used: set[str]):
    position = 0
    while True:
        start = css.find("{", position)
        if start < 0:
            return
        prelude = " ".join(css[position:start].split())
        if prelude.startswith("@import"):  # a bundled stylesheet has none left; never keep a stray one
            prelude = prelude.split(";")[-1].strip()
        end = _closing(css, start)
        body = css[start + 1:end]
        position = end + 1
        if prelude.startswith(GROUPS):
            inner = "".join(_rules(body, used))
            if inner:
                yield f"{prelude}{{{inner}}}"
        elif prelude.startswith("@"):  # @font-face, @keyframes, @page: kept whole
            yield f"{prelude}{{{' '.join(body.split())}}}"
        else:
            selectors = [s for s in _selectors(prelude) if _can_match(s, used)]
            if selectors:
                yield f"{','.join(selectors)}{{{_squeeze(body)}}}"


def _closing(css: str, start: int) -> int:
    depth = 0
    for index in range(start, len(css)):
        if css[index] == "{":
            depth += 1
        elif css[index] == "}":
            depth -= 1
            if depth == 0:
                return index
    return len(css)


def _selectors(prelude: str) -> list[str]:
    """A selector list split at its top-level commas (not the ones inside :is(), :not()...)."""
    parts, depth, start = [], 0, 0
    for index, char in enumerate(prelude):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "," and depth == 0:
            parts.append(prelude[start:index].strip())
            start = index + 1
    return parts + [prelude[start:].strip()]


def _can_match(selector: str, used: set[str]) -> bool:
    if ":is(" in selector or ":where(" in selector:
        return True
    return all(name in used for name in CLASS.findall(NOT.sub("", selector)))


def _squeeze(declarations: str) -> str:
    """Declarations without the spaces gzip would have to carry: `a: b; c: d;` → `a:b;c:d`."""
    parts = [" ".join(d.split()) for d in declarations.split(";")]
    return ";".join(re.sub(r"\s*:\s*", ":", p, count=1) for p in parts if p)
