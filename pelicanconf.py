"""Development settings. The artist never edits this: who they are lives in content/artist.yml."""
from __future__ import annotations

PATH = "content"
OUTPUT_PATH = "output"
THEME = "themes/fanzine"
SITENAME = "Fanzine"  # replaced by artist.yml's name
SITEURL = ""
RELATIVE_URLS = False
TIMEZONE = "UTC"  # replaced by artist.yml's timezone
DEFAULT_LANG = "en"

# Always explicit: with PLUGINS unset, every installed pelican.plugins.* package registers itself.
PLUGIN_PATHS = ["plugins"]
PLUGINS = ["fanzine"]

# Folders: stories are Pelican articles, pages are Pelican pages; the fanzine
# plugin reads releases/, playlists/, links/ and early/ itself.
ARTICLE_PATHS = ["stories"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images"]
IGNORE_FILES = [".*", "*~", "*.swp", "_*.md"]

# Where pages land, how Markdown is read and which of Pelican's pages are off: declared once, with their
# defaults, by the plugin (plugins/fanzine/pipeline/settings.py, and each content type in plugins/fanzine/types/).
# Set one here to change it, e.g. RELEASE_URL = "music/{slug}/" with RELEASE_SAVE_AS = "music/{slug}/index.html".

# Feeds are for production (publishconf.py); off while developing. Pelican reads these before any plugin
# starts (it warns about feeds without SITEURL), so they are set here, not by the plugin.
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

# An artist overrides one partial by putting it in overrides/ (e.g. overrides/partials/footer.html).
THEME_TEMPLATES_OVERRIDES = ["overrides"]

# Reuse rendered Markdown between builds: it is most of a build's time.
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CACHE_PATH = ".fanzine-cache"
CHECK_MODIFIED_METHOD = "mtime"
DELETE_OUTPUT_DIRECTORY = False
