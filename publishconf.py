"""Production settings: absolute URLs from $SITEURL, feeds on, a clean output/ folder."""
from __future__ import annotations

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F401,F403

SITEURL = os.environ.get("SITEURL", "").rstrip("/")
RELATIVE_URLS = False

FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = "feeds/all.atom.xml"
FEED_ATOM = "feeds/stories.atom.xml"
# fanzine writes these and the two above (plugins/fanzine/outputs/feeds.py); Pelican's own feed writer stays off
FEED_RELEASES_ATOM = "feeds/releases.atom.xml"
FEED_PLAYLISTS_ATOM = "feeds/playlists.atom.xml"
TAG_FEED_ATOM = None


# Pelican empties OUTPUT_PATH only; fanzine's build refuses to run this when
# OUTPUT_PATH is not a folder named "output" inside the project (see cli.py).
DELETE_OUTPUT_DIRECTORY = True
OUTPUT_RETENTION = [".nojekyll", "CNAME"]
FANZINE_PUBLISH = True
