"""The golden whole-site snapshot of a fixture hub (Tainá Rocha, built for publishing as of AS_OF): any change to
what the engine writes shows up here as a diff to review. `make golden` writes the snapshot again."""
from __future__ import annotations

import pytest

from support import golden


@pytest.mark.slow
def test_the_build_matches_the_golden_snapshot(taina_site, request):
    if request.config.getoption("--update-golden"):
        golden.write(taina_site)
    diff = golden.differences(taina_site)
    assert not diff, ("The build differs from tests/golden/taina-rocha (if the change is meant, run `make golden` "
                      "and review the diff):\n" + diff)


def test_the_snapshot_leaves_out_only_what_changes_by_itself(taina_site):
    names = golden.snapshot(taina_site)[golden.MANIFEST].splitlines()
    assert "theme/css/fanzine-links.css" in names and "sitemap.xml" in names
    assert any(name.startswith("images/sized/") and ".HASH." in name for name in names)
    assert golden.normalise("cards/0123456789abcdef.jpg card.0123456789.jpg x-640.1a2b3c4d.webp") == \
        "cards/HASH.jpg card.HASH.jpg x-640.HASH.webp"
