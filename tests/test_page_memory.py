"""An item's state digest (commands/rerender.py), which decides whether a page is rendered again on a save:
equal values give equal digests however the objects are shared, any change gives another, and what pickle
cannot take (a cycle, a lock) is walked instead."""
from __future__ import annotations

import threading

from fanzine.commands.rerender import PageMemory


class Item:
    """Stands in for a Pelican content object: only its attributes count."""

    def __init__(self, **attributes) -> None:
        vars(self).update(attributes)


def digest(item: Item) -> bytes:
    return PageMemory([]).own_state(item)


def test_equal_values_give_equal_digests_however_they_are_shared():
    tracks = [{"title": "Night Drive", "duration": "3:41"}]
    shared = Item(tracks=tracks, metadata={"tracks": tracks}, title="Night Drive")
    copied = Item(tracks=[dict(tracks[0])], metadata={"tracks": [dict(tracks[0])]}, title="Night Drive")
    assert digest(shared) == digest(copied)


def test_a_changed_value_gives_another_digest():
    before = Item(tracks=[{"title": "Night Drive"}], title="Night Drive")
    after = Item(tracks=[{"title": "Night Drive (edit)"}], title="Night Drive")
    assert digest(before) != digest(after)
    assert digest(Item(title="A", summary="b")) != digest(Item(title="A", summary="c"))


def test_the_whole_site_and_the_settings_are_not_part_of_an_item():
    assert digest(Item(title="A", settings={"SITEURL": "x"}, _context={"a": 1})) == digest(
        Item(title="A", settings={"SITEURL": "y"}, _context={"b": 2}))


def test_a_cycle_or_a_lock_is_walked_and_still_tells_changes_apart():
    def looped(title: str) -> Item:
        node: dict = {"title": title}
        node["self"] = node
        return Item(node=node, lock=threading.Lock())

    assert digest(looped("A")) == digest(looped("A"))
    assert digest(looped("A")) != digest(looped("B"))
