"""structured.py: JSON-LD that cannot break out of its script element, and ISO 8601 durations."""
from __future__ import annotations

import json
import re

import pytest

from fanzine.outputs.structured import iso_duration, json_ld


def test_json_ld_is_valid_json_inside_a_script_element():
    markup = json_ld({"@type": "MusicGroup", "name": "</script><script>alert(1)</script> & <!-- x"})
    assert markup.startswith('<script type="application/ld+json">') and markup.endswith("</script>")
    inner = markup[len('<script type="application/ld+json">'):-len("</script>")]
    assert "</" not in inner and "<!--" not in inner
    assert json.loads(inner)["name"] == "</script><script>alert(1)</script> & <!-- x"


def test_json_ld_is_deterministic():
    assert json_ld({"b": 1, "a": 2}) == json_ld({"a": 2, "b": 1})


@pytest.mark.parametrize("seconds, expected", [(221, "PT3M41S"), (59, "PT59S"), (3723, "PT1H2M3S"),
                                               (3600, "PT1H0S"), (None, None)])
def test_iso_duration(seconds, expected):
    duration = iso_duration(seconds)
    assert duration == expected
    # the shape schema.org readers parse (checked on the result, not on the expectation written above)
    assert duration is None or re.fullmatch(r"PT(\d+H)?(\d+M)?\d+S", duration)
