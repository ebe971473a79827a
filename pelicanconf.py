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
SLUGIFY_SOURCE = "basename"
FILENAME_METADATA = r"(?!x)x"  # never guess dates from file names
DEFAULT_PAGINATION = False
SUMMARY_MAX_PARAGRAPHS = 1
SUMMARY_MAX_LENGTH = 60

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.smarty": {},
        "markdown.extensions.sane_lists": {},
    },
    "output_format": "html5",
}

# Where things land (see docs/authoring.md). A class's name picks its settings.
ARTICLE_URL = "stories/{slug}/"
ARTICLE_SAVE_AS = "stories/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
RELEASE_URL = "releases/{slug}/"
RELEASE_SAVE_AS = "releases/{slug}/index.html"
GO_URL = "go/{slug}/"
GO_SAVE_AS = "go/{slug}/index.html"
RELEASES_INDEX_URL = "releases/"
RELEASES_INDEX_SAVE_AS = "releases/index.html"
PLAYLIST_URL = "playlists/{slug}/"
PLAYLIST_SAVE_AS = "playlists/{slug}/index.html"
PLAYLISTS_INDEX_URL = "playlists/"
PLAYLISTS_INDEX_SAVE_AS = "playlists/index.html"
PLAYLISTS_CURATORS_URL = "playlists/curators/"
PLAYLISTS_CURATORS_SAVE_AS = "playlists/curators/index.html"
PLAYLIST_XSPF_URL = "playlists/{slug}.xspf"
PLAYLIST_XSPF_SAVE_AS = "playlists/{slug}.xspf"
LINKPAGE_URL = "links/{slug}/"
LINKPAGE_SAVE_AS = "links/{slug}/index.html"
LINKS_INDEX_URL = "links/"
LINKS_INDEX_SAVE_AS = "links/index.html"
EARLY_URL = "early/{slug}/"
EARLY_SAVE_AS = "early/{slug}/index.html"
TAG_URL = "stories/tags/{slug}/"
TAG_SAVE_AS = "stories/tags/{slug}/index.html"
TAGS_SAVE_AS = ""
CATEGORY_SAVE_AS = CATEGORIES_SAVE_AS = ""
AUTHOR_SAVE_AS = AUTHORS_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
DRAFT_SAVE_AS = DRAFT_PAGE_SAVE_AS = ""  # status: draft is never built (see schemas.STATUS)
DIRECT_TEMPLATES = ["index", "stories", "notfound"]
INDEX_SAVE_AS = "index.html"
STORIES_SAVE_AS = "stories/index.html"
STORIES_URL = "stories/"
NOTFOUND_SAVE_AS = "404.html"

# Feeds are for production (publishconf.py); off while developing, like Pelican's default.
# fanzine writes every feed itself (plugins/fanzine/outputs/feeds.py) from FEED_ALL_ATOM, FEED_ATOM,
# FEED_RELEASES_ATOM and FEED_PLAYLISTS_ATOM.
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

# Every template escapes what it prints; HTML rendered from Markdown is printed with `| safe`
# (and untrusted folders are sanitised first, see FANZINE_UNTRUSTED_FOLDERS).
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "extensions": [], "autoescape": True}
# Markdown from these folders comes from fans' pull requests: sanitised after rendering (sanitize.py).
FANZINE_UNTRUSTED_FOLDERS = ["playlists"]

# An artist overrides one partial by putting it in overrides/ (e.g. overrides/partials/footer.html).
THEME_TEMPLATES_OVERRIDES = ["overrides"]

# Reuse rendered Markdown between builds: it is most of a build's time.
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CACHE_PATH = ".fanzine-cache"
CHECK_MODIFIED_METHOD = "mtime"
DELETE_OUTPUT_DIRECTORY = False
