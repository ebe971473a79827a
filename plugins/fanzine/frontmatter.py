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


def _timestamp_or_text(loader: FrontMatterLoader, node: yaml.ScalarNode):
    """A date-looking value that is not a real day (2026-13-45) stays text, so the schema names its key."""
    try:
        return loader.construct_yaml_timestamp(node)
    except (ValueError, OverflowError):
        return loader.construct_scalar(node)


FrontMatterLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_or_text)


class YamlProblem(Exception):
    """YAML that cannot be read; message is already artist-facing."""


class _DuplicateKey(YamlProblem):
    """A key given twice in one mapping: YAML would silently keep only the last one."""

    def __init__(self, first: yaml.Node, second: yaml.Node):
        super().__init__(first.value)
        self.key, self.lines = first.value, (first.start_mark.line, second.start_mark.line)


def _expanded_size(node: yaml.Node, memo: dict[int, int], depth: int = 0) -> int:
    """Count values as if every alias were copied out, without building the copy; refuse repeated keys."""
    if depth > MAX_DEPTH:
        raise YamlProblem(f"nested more than {MAX_DEPTH} levels deep; flatten it")
    key = id(node)
    if key in memo:
        return memo[key]
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, yaml.Node] = {}
        for name, _value in node.value:
            if isinstance(name, yaml.ScalarNode) and name.value != "<<":
                if name.value in seen:
                    raise _DuplicateKey(seen[name.value], name)
                seen[name.value] = name
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


def _check_shape(text: str) -> None:
    """Refuse deep nesting and huge files from the event stream, before composing.

    libyaml's composer recurses in C (a hundred thousand '[' overflow the stack)
    and a file of a million values takes many seconds to build: both fail here, fast.
    """
    loader = FrontMatterLoader(text)
    try:
        depth = values = 0
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    raise YamlProblem(f"nested more than {MAX_DEPTH} levels deep; flatten it")
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
            if isinstance(event, (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                values += 1
                if values > MAX_NODES:
                    raise YamlProblem(f"more than {MAX_NODES:,} values in one file; split it into smaller files")
    finally:
        loader.dispose()


def load_yaml(text: str, first_line: int = 1) -> Any:
    """Parse YAML text, raising YamlProblem with a line number on any mistake.

    `first_line` is the file's line number of the text's first line, so errors in
    front matter point at the line the artist sees in their editor.
    """
    loader = None
    try:
        _check_shape(text)
        loader = FrontMatterLoader(text)
        node = loader.get_single_node()
        if node is None:
            return None
        _expanded_size(node, {})
        return loader.construct_document(node)
    except _DuplicateKey as duplicate:
        first, second = (line + first_line for line in duplicate.lines)
        raise YamlProblem(f"{duplicate.key}: given twice (line {first} and line {second}); keep one") from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        where = f"line {mark.line + first_line}, column {mark.column + 1}" if mark else "somewhere"
        problem = (error.problem or "not valid YAML").rstrip(".")
        lines = text.splitlines()
        line = lines[mark.line][:mark.column + 1] if mark and mark.line < len(lines) else ""
        hint = ""
        if "mapping values are not allowed" in problem:
            hint = " (a value containing ': ' needs quotes around it)"
        elif "tab character" in problem or "'\\t'" in problem or "\t" in line:
            hint = " (indent with spaces, not tabs)"
        raise YamlProblem(f"YAML error at {where}: {problem}{hint}") from None
    except yaml.reader.ReaderError as error:
        character = chr(error.character) if isinstance(error.character, int) else str(error.character)
        line = text[:text.find(character)].count("\n") + first_line if character in text else None
        where = f" on line {line}" if line else ""
        raise YamlProblem(f"contains an invisible control character (#x{ord(character[:1] or ' '):04x}){where}; "
                          "delete it (it often comes from copying text out of another app)") from None
    except yaml.YAMLError as error:
        raise YamlProblem(f"not valid YAML: {error}") from None
    except (RecursionError, ValueError, TypeError, OverflowError) as error:
        # libyaml's constructors raise these for values like huge numbers or unhashable keys
        raise YamlProblem(f"not valid YAML: {error}") from None
    finally:
        if loader is not None:
            loader.dispose()


def body_of(text: str) -> str:
    """The Markdown after the front matter, without parsing the YAML again."""
    match = FRONT_MATTER.match(text)
    return text[match.end():] if match else text


def split(text: str, path: str) -> tuple[Any, str, list[Problem]]:
    """Return (front matter, Markdown body, problems) for one content file."""
    match = FRONT_MATTER.match(text)
    if not match:
        return None, text, [Problem(path, "", "expected the file to start with front matter: a line '---', "
                                    "YAML keys like 'title: ...', then another '---'")]
    body = text[match.end():]
    try:
        data = load_yaml(match.group(1), first_line=text.count("\n", 0, match.start(1)) + 1)
    except YamlProblem as problem:
        return None, body, [Problem(path, "", str(problem))]
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return None, body, [Problem(path, "", "expected the front matter to be 'key: value' lines, "
                                    f"got {type(data).__name__ if not isinstance(data, list) else 'a list'}")]
    return data, body, []


def read_file(path: str, display: str) -> tuple[str | None, list[Problem]]:
    """A text file's contents; unreadable files become problems, not tracebacks."""
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read(), []
    except UnicodeDecodeError:
        return None, [Problem(display, "", "expected a UTF-8 text file; save it as UTF-8")]
    except OSError as error:
        return None, [Problem(display, "", f"could not be read: {error.strerror}")]


def load_file(path: str, display: str) -> tuple[Any, str, list[Problem]]:
    """Read a Markdown file from disk and split it (see split)."""
    text, problems = read_file(path, display)
    if text is None:
        return None, "", problems
    return split(text, display)
