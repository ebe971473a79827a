"""Which pages a save renders again: each page remembers what it read the last time it was rendered.

While the warm dev server renders a page, it notes the names the templates
looked up (`article`, `articles`, `ARTIST`, `fanzine_nav`…) and the content
items (releases, stories, playlists…) whose attributes anything read, from a
template or from the plugin's Python. The next build renders that page again
only when one of those changed: a digest of each value looked up and of each
item's state is compared with the last render's; otherwise the page's last
text is handed to Pelican as the render (the bytes a render would give).

What the recording cannot see is code reading files directly (pictures,
icons, fonts, templates) and the settings: so any save outside content/'s
Markdown items (templates, stylesheets, pictures, artist.yml, a new, renamed
or deleted item) renders every page again. A Markdown item edited in place
renders its own page and the pages that read it: listings, home, link pages,
neighbours, feeds. Only the warm dev server uses this; `fanzine build`
renders everything, and tests/test_incremental.py holds the two equal.
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import io
import os
import pickle
import types
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from jinja2.runtime import Context
from pelican.contents import Content, Static
from pelican.plugins import signals
from pelican.urlwrappers import URLWrapper

from ..outputs import images, pagescan

MISSING = object()
SKIPPED_ATTRIBUTES = {"_context", "settings"}  # the whole site and the settings: a change there renders all

_reading: set[str] | None = None  # the names the page being rendered looked up
_touched: dict[int, Content] | None = None  # the items whose attributes were read while it rendered
_memory: PageMemory | None = None
_effects: list[tuple[Callable[..., Any], tuple]] | None = None

# Functions that write files while a page renders (the picture filter copies a picture's sizes into output/):
# a page that is not rendered again calls them again with the same arguments.
RENDER_EFFECTS = [(images, "picture")]


@dataclass
class Page:
    """One page's last render: its text, and digests of everything it read."""

    template: str
    text: str
    names: dict[str, bytes]
    items: dict[tuple[str, str], bytes]
    effects: list[tuple[Callable[..., Any], tuple]]  # files it wrote while rendering, to write again when kept


class RecordingContext(Context):
    def resolve_or_missing(self, key: str) -> Any:
        if _reading is not None:
            _reading.add(key)
        return super().resolve_or_missing(key)


class RecordingTemplate(jinja2.Template):
    def render(self, *args: Any, **kwargs: Any) -> str:
        page = args[0] if len(args) == 1 and not kwargs and isinstance(args[0], dict) else None
        if _memory is None or _reading is not None or page is None or "output_file" not in page:
            return super().render(*args, **kwargs)
        return _memory.render(self, page, lambda: jinja2.Template.render(self, page))


def noted(function: Callable[..., Any]) -> Callable[..., Any]:
    """The function, noting each call made while a page renders (RENDER_EFFECTS)."""
    @functools.wraps(function)
    def call(*arguments: Any) -> Any:
        if _effects is not None:
            _effects.append((function, arguments))
        return function(*arguments)
    return call


def _touching(item: Content, name: str) -> Any:
    if _touched is not None:
        _touched[id(item)] = item
    return object.__getattribute__(item, name)


def item_key(item: Content) -> tuple[str, str]:
    return type(item).__name__, str(object.__getattribute__(item, "source_path"))


class PageMemory:
    """The pages of the last good build, and the bookkeeping of the build in progress."""

    def __init__(self, roots: Iterable[str]) -> None:
        self.roots = [os.path.abspath(root) for root in roots]
        self.last: dict[str, Page] = {}
        self.now: dict[str, Page] = {}
        self.world: bytes | None = None  # the files outside the items, as the last good build saw them
        self.new_world = b""
        self.files: list[tuple[str, int, int]] = []
        self.sources: frozenset[str] = frozenset()  # the last good build's items' files
        self.items: dict[tuple[str, str], list[Content]] = {}
        self.digests: dict[int, tuple[Any, bytes]] = {}
        self.item_digests: dict[tuple[str, str], bytes] = {}
        self.replayed: set[tuple[Callable[..., Any], tuple]] = set()
        self.trusting = False
        self.by_name: dict[type, Callable[[Any], tuple]] = {}
        self.kept = 0  # pages of this build (the last one, once it ended) handed their last render
        self.rendered: list[str] = []  # ... and the pages rendered again
        self.handed: dict[str, str] = {}  # page → the text just handed to Pelican, until Pelican has written it

    def begin(self) -> None:
        """A build starts: pages are kept only if nothing outside the Markdown items changed since the last."""
        global _memory
        self.files = snapshot(self.roots)
        self.new_world = world_digest(self.files, self.sources)
        self.trusting = self.world == self.new_world
        self.now, self.items, self.digests, self.item_digests, self.replayed = {}, {}, {}, {}, set()
        self.kept, self.rendered = 0, []
        self.by_name = {}  # made at the first page: the content types' classes are all defined by then
        jinja2.Environment.template_class = RecordingTemplate
        jinja2.Environment.context_class = RecordingContext
        signals.content_object_init.connect(self.note_item)
        signals.content_written.connect(self.note_written)
        for module, name in RENDER_EFFECTS:
            setattr(module, name, noted(getattr(module, name)))
        _memory = self

    def end(self, good: bool) -> None:
        """The build ended: a good one becomes what the next is compared with; a failed one is forgotten."""
        global _memory
        _memory = None
        signals.content_object_init.disconnect(self.note_item)
        signals.content_written.disconnect(self.note_written)
        self.handed = {}
        for module, name in RENDER_EFFECTS:
            setattr(module, name, getattr(module, name).__wrapped__)
        jinja2.Environment.template_class = jinja2.Template
        jinja2.Environment.context_class = Context
        if good:
            self.last, self.world = self.now, self.new_world
            self.sources = frozenset(os.path.abspath(key[1]) for key, made in self.items.items()
                                     if not any(isinstance(item, Static) for item in made))  # pictures: files
            self.world = world_digest(self.files, self.sources)  # the items' files by name only, from now on
        self.now, self.items, self.digests, self.item_digests, self.replayed = {}, {}, {}, {}, set()

    def note_item(self, item: Content) -> None:
        self.items.setdefault(item_key(item), []).append(item)

    def note_written(self, path: str, context: dict | None = None) -> None:
        """Pelican wrote a page: the passes over every page take its text from here instead of reading it."""
        text = self.handed.pop(str((context or {}).get("output_file")), None)
        if text is not None:
            pagescan.written(path, text)

    def render(self, template: jinja2.Template, page: dict, render: Callable[[], str]) -> str:
        """The page's text: its last render when nothing it read has changed, a new render otherwise."""
        name = str(page["output_file"])
        if not self.item_digests:  # every item as it stands before the first page renders: rendering sets some
            for key in self.items:  # attributes lazily (a picture a page linked to), which are not the inputs
                self.item_digest(key)
        last = self.last.get(name)
        if self.trusting and last is not None and self.unchanged(last, template, page):
            for effect in last.effects:
                if effect not in self.replayed:  # a cover shows on many pages: its files are copied once
                    self.replayed.add(effect)
                    effect[0](*effect[1])
            self.now[name] = last
            self.kept += 1
            self.handed[name] = last.text
            return last.text
        global _reading, _touched, _effects
        _reading, _touched, _effects = set(), {}, []
        Content.__getattribute__ = _touching
        try:
            text = render()
            names, touched, effects = _reading, _touched, _effects
        finally:
            del Content.__getattribute__
            _reading = _touched = _effects = None
        self.now[name] = Page(str(template.name), text,
                              {key: self.value_digest(template, page, key) for key in sorted(names)},
                              {key: self.item_digest(key) for key in sorted({item_key(i) for i in touched.values()})},
                              effects)
        self.rendered.append(name)
        self.handed[name] = text
        return text

    def unchanged(self, last: Page, template: jinja2.Template, page: dict) -> bool:
        return (last.template == template.name
                and all(self.value_digest(template, page, key) == digest for key, digest in last.names.items())
                and all(self.item_digest(key) == digest for key, digest in last.items.items()))

    def value_digest(self, template: jinja2.Template, page: dict, key: str) -> bytes:
        value = page[key] if key in page else template.globals.get(key, MISSING)
        kept = self.digests.get(id(value))  # most names hold the same object on every page
        if kept is not None and kept[0] is value:
            return kept[1]
        found = self.digest(value)
        self.digests[id(value)] = (value, found)
        return found

    def item_digest(self, key: tuple[str, str]) -> bytes:
        """An item's state (every object Pelican made of its file): its attributes, other items by name."""
        kept = self.item_digests.get(key)
        if kept is None:
            found = self.items.get(key) or []
            kept = hashlib.blake2b(b"".join(self.own_state(item) for item in found) if found else b"gone").digest()
            self.item_digests[key] = kept
        return kept

    def own_state(self, item: Content) -> bytes:
        """An item's attributes in name order, pickled in one go, other items and tags by name; walked where
        pickle cannot go. Pickle's memo is off (`fast`): an object met twice is written out twice, so which
        objects the attributes share is no input (a cycle raises, and is walked)."""
        buffer = io.BytesIO()
        pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
        if not self.by_name:
            self.by_name = {kind: by_name for kind in subclasses(Content) | subclasses(URLWrapper)}
        pickler.dispatch_table = self.by_name
        try:
            pickler.fast = True  # deprecated in Python's docs: if it ever goes, the walk below takes over
            pickler.dump([pair for pair in sorted(vars(item).items(), key=lambda pair: pair[0])
                          if pair[0] not in SKIPPED_ATTRIBUTES])
        except Exception:  # noqa: BLE001 - something pickle cannot take (a lock, a lambda): walk it instead
            return state(item, self.digests, set(), set(), top=True)
        return hashlib.blake2b(buffer.getvalue()).digest()

    def digest(self, value: Any) -> bytes:
        return state(value, self.digests, set(), set())


def subclasses(kind: type) -> set[type]:
    found: set[type] = {kind}
    below: list[type] = type.__subclasses__(kind)
    for sub in below:
        found |= subclasses(sub)
    return found


def named(*name: str) -> tuple[str, ...]:
    return name


def by_name(value: Any) -> tuple:
    """How an item or a tag inside another item's attributes is pickled: by its name."""
    if isinstance(value, Content):
        return named, item_key(value)
    return named, (type(value).__name__, str(value.name))


def state(value: Any, memo: dict[int, tuple[Any, bytes]], cut: set[int], open_: set[int], top: bool = False) -> bytes:
    """The digest of a value; `memo` keeps each object's (pinned so its id stays its own during a build)."""
    if value is None or isinstance(value, (bool, int, float, complex)):
        return f"{type(value).__name__}:{value!r}".encode()
    if isinstance(value, (str, bytes)):
        return hashlib.blake2b(type(value).__name__.encode() + b":" +
                               (value.encode("utf-8", "surrogatepass") if isinstance(value, str) else value)).digest()
    if isinstance(value, (dt.date, dt.time, dt.timedelta)):
        return f"{type(value).__name__}:{value.isoformat() if hasattr(value, 'isoformat') else value}:" \
               f"{getattr(value, 'tzinfo', None)!r}".encode()
    if isinstance(value, Content) and not top:
        return b"item:" + repr(item_key(value)).encode()
    kept = memo.get(id(value))
    if kept is not None and kept[0] is value and not top:
        return kept[1]
    if id(value) in open_:
        cut.add(id(value))
        return b"cycle"
    open_.add(id(value))
    below: set[int] = set()
    try:
        digest = hashlib.blake2b(type(value).__qualname__.encode())
        for part in parts(value):
            digest.update(state(part, memo, below, open_))
        result = digest.digest()
    finally:
        open_.discard(id(value))
    below.discard(id(value))
    cut |= below
    if not below and not top:  # a digest that cut a cycle above it is only right where it was made
        memo[id(value)] = (value, result)
    return result


def parts(value: Any) -> Iterable[Any]:
    """What a value's state is made of, in a fixed order."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield item
    elif isinstance(value, (list, tuple)):
        yield from value
    elif isinstance(value, (set, frozenset)):
        yield from sorted(value, key=repr)
    elif isinstance(value, URLWrapper):
        yield value.name
    elif isinstance(value, Content):
        for key, item in sorted(vars(value).items()):
            if key not in SKIPPED_ATTRIBUTES:
                yield key
                yield item
    elif isinstance(value, types.MethodType):
        yield value.__func__
        yield value.__self__
    elif isinstance(value, functools.partial):
        yield value.func
        yield value.args
        yield value.keywords
    elif isinstance(value, (types.FunctionType, types.BuiltinFunctionType, type, types.ModuleType)):
        yield f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', getattr(value, '__name__', ''))}"
        if isinstance(value, types.FunctionType) and value.__closure__:
            yield from (cell.cell_contents for cell in value.__closure__ if cell_filled(cell))
    elif hasattr(value, "__dict__"):
        yield from sorted(vars(value).items(), key=lambda pair: pair[0])
    elif hasattr(value, "__slots__"):
        yield from (getattr(value, slot, MISSING) for slot in value.__slots__)
    else:
        text = repr(value)
        yield "" if " at 0x" in text else text


def cell_filled(cell: types.CellType) -> bool:
    try:
        return cell.cell_contents is not MISSING
    except ValueError:  # an empty cell: a name the function closes over that is not assigned yet
        return False


def snapshot(roots: list[str]) -> list[tuple[str, int, int]]:
    """Every file under the roots with its size and time, taken when a build starts."""
    found = []
    for root in roots:
        paths = [root] if os.path.isfile(root) else []
        for folder, folders, files in os.walk(root):
            folders[:] = sorted(name for name in folders if name != "__pycache__")  # Python's, not the artist's
            paths += [os.path.join(folder, name) for name in sorted(files)]
        for path in paths:
            try:
                info = os.lstat(path)
            except OSError:
                continue
            found.append((path, info.st_size, info.st_mtime_ns))
    return found


def world_digest(files: list[tuple[str, int, int]], sources: frozenset[str]) -> bytes:
    """What the files outside the Markdown items looked like (the items' own files count by name only)."""
    digest = hashlib.blake2b(repr(sorted(sources)).encode())
    for path, size, time in files:
        digest.update(f"{path}\n".encode() if path in sources else f"{path}:{size}:{time}\n".encode())
    return digest.digest()


def watched_roots(content: str, project: Path) -> list[str]:
    """Where a save may change the built pages: content/, the theme, overrides, plugins and the settings files."""
    return [content, *(str(project / name) for name in ("themes", "overrides", "plugins", "pelicanconf.py",
                                                        "publishconf.py"))]
