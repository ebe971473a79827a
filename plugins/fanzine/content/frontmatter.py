"""Splits a Markdown file into YAML front matter and body, and loads YAML safely.

Safe means: no Python objects (safe loader), durations like 3:41 stay text
instead of YAML 1.1's base-60 integers, and anchors/aliases that expand into
a huge document (a "billion laughs" file) fail fast with a clear message.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import yaml

from ..errors import Problem

# libyaml is much faster; fall back to pure Python where it is missing (type checkers see the pure one)
if TYPE_CHECKING:
    _BaseLoader = yaml.SafeLoader
else:
    _BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

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
        raise YamlProblem(explain(error, text, first_line)) from None
    except yaml.reader.ReaderError as error:
        character = chr(error.character) if isinstance(error.character, int) else str(error.character)
        line = text[:text.find(character)].count("\n") + first_line if character in text else None
        where = f"line {line}: " if line else ""
        raise YamlProblem(f"{where}contains an invisible control character (U+{ord(character[:1] or ' '):04X}); "
                          "delete it (such characters often come from copying text out of another app)") from None
    except yaml.YAMLError as error:
        raise YamlProblem(f"not valid YAML: {error}") from None
    except (RecursionError, ValueError, TypeError, OverflowError) as error:
        # libyaml's constructors raise these for values like huge numbers or unhashable keys
        raise YamlProblem(f"not valid YAML: {error}") from None
    finally:
        if loader is not None:
            loader.dispose()


# What a plain YAML value cannot start with (or what changes its meaning there): such a value needs quotes.
SPECIAL_STARTS = "@`%*&!|>?{[,"
# Errors noticed after the place where they start: the parser's "while ..." context marks that place.
OPENED = ("while scanning a quoted scalar", "while parsing a flow", "while scanning an alias",
          "while scanning an anchor", "while scanning a block scalar", "while scanning for the next token",
          "while scanning a tag")
MAYBE_LOST = re.compile(r"\s#[^ #\r\n]")  # what every lost-text warning below needs: space, #, a character
KEY_LINE = re.compile(r"^[ \t]*(?:- +)?([^\s:#'\"][^:]*?):[ \t]+(.*?)[ \t]*$")
# `release_date：2026-12-18`: a Chinese or Japanese keyboard's full-width colon, which YAML does not take
WIDE_KEY = re.compile(r"^[ \t]*(?:- +)?([^\s:：#'\"][^:：]*?)[ \t]*：")


def quoted(value: str) -> str:
    """A YAML value in quotes: double quotes unless it holds some itself."""
    if '"' not in value:
        return '"' + value.replace("\\", "\\\\") + '"'
    return "'" + value.replace("'", "''") + "'"


def explain(error: yaml.MarkedYAMLError, text: str, first_line: int = 1) -> str:
    """A YAML syntax error as the artist needs it: the line where the mistake starts, and the usual fix."""
    problem = (error.problem or "not valid YAML").rstrip(".")
    context = error.context or ""
    start = error.context_mark if context.startswith(OPENED) and error.context_mark else error.problem_mark
    if start is None:
        return f"YAML error: {problem}"
    lines = text.splitlines() or [""]
    for number, earlier in enumerate(lines[:start.line + 1]):  # YAML notices it a line or more later
        wide = WIDE_KEY.match(earlier)
        if wide:
            return (f"YAML error at line {number + first_line}, column {wide.end()}: {wide.group(1)} is followed "
                    f"by a full-width colon (：); write it with an ordinary colon and a space: {wide.group(1)}: ...")
    line = lines[min(start.line, len(lines) - 1)]
    where = f"YAML error at line {start.line + first_line}, column {start.column + 1}"
    key_value = KEY_LINE.match(line)
    fix = f": write it as {key_value.group(1)}: {quoted(key_value.group(2))}" if key_value else ""
    first = line[start.column:start.column + 1]
    if "tab character" in problem or "\t" in line[:start.column + 1]:
        return f"{where}: {problem} (indent with spaces, not tabs)"
    if "quoted scalar" in context:
        return f"{where}: the quote {first} that starts this value is never closed; end the value with {first} too"
    if context.startswith("while parsing a flow"):
        closer = {"[": "]", "{": "}"}.get(first, "the matching bracket")
        return (f"{where}: the {first} opened here is never closed; close it with {closer}, or, if {first} is part "
                f"of the text, put the whole value in quotes{fix}")
    if first and first in SPECIAL_STARTS:
        return f"{where}: a value that starts with {first} needs quotes around it{fix}"
    if "mapping values are not allowed" in problem:
        if key_value and start.column > line.index(":"):
            return f"{where}: a value containing ': ' needs quotes around it{fix}"
        return (f"{where}: this line is indented further than the keys above it; start it in the same column as "
                "the other keys of its section (or, if it belongs to the value above, put that value in quotes)")
    if "expected '-' indicator" in problem:
        return f"{where}: the entries of one list ('- ...') must all start in the same column"
    if "did not find expected key" in problem:
        value = key_value.group(2) if key_value else ""
        if value[:1] in "\"'[{":
            return (f"{where}: the value goes on after its closing {dict(zip('[{', ']}')).get(value[:1], value[:1])}; "
                    f"put the whole value in quotes{fix}")
        return (f"{where}: this line is not lined up with the keys above it; start the keys of one section in the "
                "same column")
    return f"{where}: {problem}"


def comment_warnings(text: str, path: str, first_line: int = 1) -> list[Problem]:
    """A `#` straight after a value (`title: Songs #1 fan`) starts a YAML comment: the rest of the line is dropped.

    "# " with a space is taken as a comment the artist meant; "#1", "#synthwave" as text they lost.
    """
    if not MAYBE_LOST.search(text):  # most front matter has no such #: no need to scan it again
        return []
    warnings = []
    lines = text.splitlines()
    try:
        tokens = list(yaml.scan(text, Loader=FrontMatterLoader))
    except yaml.YAMLError:
        return []
    for before, token in zip(tokens, tokens[1:]):
        if not (isinstance(token, yaml.ScalarToken) and token.plain and isinstance(before, yaml.ValueToken)):
            continue
        rest = lines[token.end_mark.line][token.end_mark.column:] if token.end_mark.line < len(lines) else ""
        if rest[:1] in " \t" and rest.lstrip().startswith("#") and rest.lstrip()[1:2] not in ("", " ", "#"):
            line = lines[token.end_mark.line]
            match = KEY_LINE.match(line)
            fix = f": write it as {match.group(1)}: {quoted(match.group(2))}" if match else ""
            warnings.append(Problem(path, f"line {token.end_mark.line + first_line}",
                                    f"the text from # on is a YAML comment, so the value is only "
                                    f"\"{token.value}\"; if # is part of it, put the value in quotes{fix}",
                                    warning=True))
    return warnings


def body_of(text: str) -> str:
    """The Markdown after the front matter, without parsing the YAML again."""
    match = FRONT_MATTER.match(text)
    return text[match.end():] if match else text


def split(text: str, path: str) -> tuple[Any, str, list[Problem]]:
    """Return (front matter, Markdown body, problems) for one content file."""
    match = FRONT_MATTER.match(text)
    if not match:
        return None, text, [Problem(path, "", missing_front_matter(text))]
    body = text[match.end():]
    first_line = text.count("\n", 0, match.start(1)) + 1
    try:
        data = load_yaml(match.group(1), first_line=first_line)
    except YamlProblem as problem:
        return None, body, [Problem(path, "", str(problem))]
    warnings = comment_warnings(match.group(1), path, first_line)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return None, body, [Problem(path, "", "expected the front matter to be 'key: value' lines, "
                                    f"got {type(data).__name__ if not isinstance(data, list) else 'a list'}")]
    return data, body, warnings


OPENING = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n")
DASHES = re.compile(r"^[ \t]*(-{2,}|\.{3,})[ \t]*\r?$", re.M)


def missing_front_matter(text: str) -> str:
    """What is wrong when a file's front matter cannot be found: no opening '---', or no closing one."""
    opening = OPENING.match(text)
    if not opening:
        return ("expected the file to start with front matter: a line '---', YAML keys like 'title: ...', "
                "then another '---'")
    near = next((m for m in DASHES.finditer(text, opening.end())), None)
    hint = (f" (line {text.count(chr(10), 0, near.start()) + 1} has '{near.group(1)}': use exactly three dashes)"
            if near else "")
    return ("the front matter starts with '---' on line 1 but is never closed; add a line '---' after its last "
            f"key, before the text{hint}")


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
