"""Production settings: absolute URLs from $SITEURL, feeds on, a clean output/ folder."""
from __future__ import annotations

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F401,F403

SITEURL = os.environ.get("SITEURL", "").rstrip("/")
RELATIVE_URLS = False

FEED_DOMAIN = SITEURL
# Feeds on: all.atom.xml, and one per content type beside it (stories, releases, playlists: each type's
# FEED_*_ATOM setting, declared in plugins/fanzine/types/). fanzine writes them all (outputs/feeds.py).
FEED_ALL_ATOM = "feeds/all.atom.xml"


# Pelican empties OUTPUT_PATH only; fanzine's build refuses to run this when
# OUTPUT_PATH is not a folder named "output" inside the project (see cli.py).
DELETE_OUTPUT_DIRECTORY = True
OUTPUT_RETENTION = [".nojekyll", "CNAME"]
FANZINE_PUBLISH = True
