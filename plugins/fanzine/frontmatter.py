"""Splits a Markdown file into YAML front matter and body, and loads YAML safely.

Safe means: no Python objects (safe loader), durations like 3:41 stay text
instead of YAML 1.1's base-60 integers, and anchors/aliases that expand into
a huge document (a "billion laughs" file) fail fast with a clear message.
"""
from __future__ import annotations

import re
from typing import Any

import yaml

from .errors import Problem

try:  # libyaml is much faster; fall back to pure Python where it is missing
    _BaseLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _BaseLoader = yaml.SafeLoader

MAX_NODES = 50_000
MAX_DEPTH = 40
FRONT_MATTER = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*\r?$\n?", re.S | re.M)
_DURATION_LIKE = re.compile(r"^\d+:\d{1,2}(?::\d{1,2})?$")


class FrontMatterLoader(_BaseLoader):
    """Safe YAML loader that keeps "3:41" and "1:02:03" as text."""


# Copy the resolver table so the change stays local to this loader, then put a
# "looks like a duration → string" rule ahead of the sexagesimal int/float rules.
FrontMatterLoader.yaml_implicit_resolvers = {
    first: list(rules) for first, rules in _BaseLoader.yaml_implicit_resolvers.items()
}
for _digit in "0123456789":
    FrontMatterLoader.yaml_implicit_resolvers.setdefault(_digit, []).insert(
        0, ("tag:yaml.org,2002:str", _DURATION_LIKE)
    )


class YamlProblem(Exception):
    """YAML that cannot be read; message is already artist-facing."""


def _expanded_size(node: yaml.Node, memo: dict[int, int], depth: int = 0) -> int:
    """Count values as if every alias were copied out, without building the copy."""
    if depth > MAX_DEPTH:
        raise YamlProblem(f"nested more than {MAX_DEPTH} levels deep; flatten it")
    key = id(node)
    if key in memo:
        return memo[key]
    if isinstance(node, yaml.MappingNode):
        size = 1 + sum(
            _expanded_size(k, memo, depth + 1) + _expanded_size(v, memo, depth + 1) for k, v in node.value
        )
    elif isinstance(node, yaml.SequenceNode):
        size = 1 + sum(_expanded_size(item, memo, depth + 1) for item in node.value)
    else:
        size = 1
    memo[key] = size
    if size > MAX_NODES:
        raise YamlProblem(
            f"the YAML expands to more than {MAX_NODES:,} values (repeated anchors/aliases?); "
            "write the values out plainly"
        )
    return size


def load_yaml(text: str) -> Any:
    """Parse YAML text, raising YamlProblem with a line number on any mistake."""
    loader = FrontMatterLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _expanded_size(node, {})
        return loader.construct_document(node)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "somewhere"
        problem = (error.problem or "not valid YAML").rstrip(".")
        hint = ""
        if "mapping values are not allowed" in problem:
            hint = " (a value containing ': ' needs quotes around it)"
        elif "found character '\\t'" in problem:
            hint = " (indent with spaces, not tabs)"
        raise YamlProblem(f"YAML error at {where}: {problem}{hint}") from None
    except yaml.YAMLError as error:
        raise YamlProblem(f"not valid YAML: {error}") from None
    except (RecursionError, ValueError, TypeError, OverflowError) as error:
        # libyaml's constructors raise these for values like 2026-13-45 or huge numbers
        raise YamlProblem(f"not valid YAML: {error}") from None
    finally:
        loader.dispose()


def split(text: str, path: str) -> tuple[Any, str, list[Problem]]:
    """Return (front matter, Markdown body, problems) for one content file."""
    match = FRONT_MATTER.match(text)
    if not match:
        return None, text, [Problem(path, "", "expected the file to start with front matter: a line '---', "
                                    "YAML keys like 'title: ...', then another '---'")]
    body = text[match.end():]
    try:
        data = load_yaml(match.group(1))
    except YamlProblem as problem:
        return None, body, [Problem(path, "", str(problem))]
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return None, body, [Problem(path, "", "expected the front matter to be 'key: value' lines, "
                                    f"got {type(data).__name__ if not isinstance(data, list) else 'a list'}")]
    return data, body, []


def load_file(path: str, display: str) -> tuple[Any, str, list[Problem]]:
    """Read a Markdown file from disk; unreadable files become problems, not tracebacks."""
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except UnicodeDecodeError:
        return None, "", [Problem(display, "", "expected a UTF-8 text file; save it as UTF-8")]
    except OSError as error:
        return None, "", [Problem(display, "", f"could not be read: {error.strerror}")]
    return split(text, display)
