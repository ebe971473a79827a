# Fanzine: every command an artist or developer needs. `make help` lists them.
# The first run of any target creates .venv and installs the pinned
# dependencies (constraints.txt), so a fresh clone needs only Python 3.11+,
# make and git.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml constraints.txt | cksum | cut -d' ' -f1)
HOST   ?= 127.0.0.1
PORT   ?= 8000
# CONTENT=examples/nova-lights serves, builds or checks the example band instead of content/.
CONTENT ?= content
# AS_OF=2026-12-05 builds the site as it will look on that day.
export FANZINE_AS_OF := $(AS_OF)

.PHONY: help serve html publish check test audit quality bench clean start site-check docs golden lint gallery

help:  ## list the commands
	@grep -E '^[a-z%-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 16

$(STAMP): pyproject.toml constraints.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e '.[test]'
	@rm -f $(VENV)/.installed-*; touch $@

node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --silent --no-audit --no-fund && touch $@; \
	 else echo "npm not found: HTML and accessibility checks will be skipped"; fi

# The MDN HTTP Observatory grades the security headers (tests/test_observatory.py). Its own install
# scripts download lists from the internet, so it is installed on its own, without them, into a
# folder of its own (npm ci empties node_modules/, and this runs again after it).
OBSERVATORY := node_modules/.observatory
$(OBSERVATORY)/installed: node_modules/.installed
	@if command -v npm >/dev/null && npm install --prefix $(OBSERVATORY) --ignore-scripts --silent --no-audit \
	   --no-fund @mdn/mdn-http-observatory@1.4.8; then \
	   echo '{}' > $(OBSERVATORY)/node_modules/@mdn/mdn-http-observatory/conf/hsts-preload.json && touch $@; \
	 else echo "could not install the MDN HTTP Observatory: the security-headers grade will be skipped"; fi

serve: $(STAMP)  ## build the hub in content/ and serve it with live reload on http://127.0.0.1:8000
	$(BIN)/fanzine serve --host $(HOST) --port $(PORT) --content $(CONTENT)

html: $(STAMP)  ## check the content, then build the site into output/
	$(BIN)/fanzine build --content $(CONTENT)

publish: $(STAMP)  ## check the content, then build for production (SITEURL from the environment)
	$(BIN)/fanzine build --publish --content $(CONTENT)

check: $(STAMP)  ## check every content file and report every problem at once (PUBLISH=1: as make publish does)
	$(BIN)/fanzine check --content $(CONTENT) $(if $(PUBLISH),--publish)

# The suite runs on every core (pytest-xdist), at most four workers: each builds the shared fixture hubs once.
# Each test file runs whole on one worker, so its fixtures are built once too (--dist loadfile), files in
# the order pytest collects them (the big browser files first). PYTEST_WORKERS=0: one process.
# PYTEST_ARGS picks tests: make test PYTEST_ARGS="tests/test_gate.py -k until"
PYTEST_WORKERS ?= auto
PYTEST_ARGS ?=
test: $(STAMP) node_modules/.installed $(OBSERVATORY)/installed  ## run the whole test suite
	$(PY) -m pytest -n $(PYTEST_WORKERS) --maxprocesses 4 --dist loadfile --no-loadscope-reorder $(PYTEST_ARGS)

lint: $(STAMP)  ## ruff, mypy, and whether docs/'s generated tables are current (as .ci/run and pre-commit do)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/fanzine docs --check

docs: $(STAMP)  ## write docs/authoring.md's tables of keys and docs/development.md's settings from their declarations
	$(BIN)/fanzine docs

golden: $(STAMP)  ## write the golden snapshot (tests/golden/) again from this engine, then review its diff
	$(PY) -m pytest tests/test_golden.py --update-golden -q

audit: $(STAMP) node_modules/.installed  ## build the example hub and audit every page (HTML, a11y, links, feeds, JSON-LD, Lighthouse)
	$(PY) scripts/audit.py

quality: $(STAMP) node_modules/.installed  ## run the audit and write its table (and make bench's figures) into docs/quality.md
	$(PY) scripts/audit.py --write-docs docs/quality.md

gallery: $(STAMP)  ## photograph every theme on a phone, light and dark, into docs/themes.md (needs chromium)
	$(PY) scripts/gallery.py

bench: $(STAMP)  ## measure build speed, page weight, the dev server and the fan store (ONLY=store, weights or reload: just that)
	$(PY) scripts/bench.py $(if $(ONLY),--only $(ONLY))

# Start your own hub: the example band leaves content/ (it stays in examples/nova-lights/).
start: $(STAMP)  ## start your own hub: make start NAME="Your Name" (FORCE=1 also deletes example files you changed)
	$(BIN)/fanzine start "$(NAME)" $(if $(FORCE),--force)

# What the deploy checks before your site goes live, on your computer: the content check as for
# publishing, a production build, then every page's links, HTML validity and accessibility.
site-check: $(STAMP) node_modules/.installed  ## check your site as the deploy does: content, build, links, HTML, accessibility
	$(BIN)/fanzine check --publish --content $(CONTENT)
	$(PY) scripts/audit.py --content $(CONTENT) --only links,nu,axe,feeds,jsonld

# One per content type that has a scaffold (fanzine new --help lists them): new-release, new-story, new-playlist,
# new-link-page, new-event, and those of a site plugin's types.
new-%: $(STAMP)  ## scaffold a new file: make new-story TITLE="Tour diary" (also new-release, new-playlist, new-link-page)
	$(BIN)/fanzine new $* "$(TITLE)"

# The editor in the browser (docs/editor.md): with `editor:` in artist.yml, `make serve` builds /admin/;
# `make edit` runs Decap's local backend so the editor there saves straight into this folder.
.PHONY: edit
edit: node_modules/.installed  ## let the editor at http://127.0.0.1:8000/admin/ save into this folder (with make serve running)
	GIT_REPO_DIRECTORY="$(CURDIR)" node node_modules/decap-server/dist/index.js

# Early access (docs/early-access.md): one secret, pages sealed for git, codes that resist guessing.
.PHONY: secret seal open code
secret: $(STAMP)  ## make your site secret once (kept in .fanzine-secret, which git ignores)
	$(BIN)/fanzine secret

seal: $(STAMP)  ## seal early-access pages and their files for git: run before you commit
	$(BIN)/fanzine seal

open: $(STAMP)  ## open sealed early-access pages to edit them: make open PAGE=night-drive-demos (all without PAGE)
	$(BIN)/fanzine open $(PAGE)

code: $(STAMP)  ## suggest strong access codes for code-mode pages
	$(BIN)/fanzine code

# Fan participation (docs/polls.md, docs/calls.md): results of closed polls, and the submissions inbox.
.PHONY: poll-results inbox
poll-results: $(STAMP)  ## write the counts of closed polls into content/polls/<poll>.results.yml
	$(BIN)/fanzine polls results $(if $(CI),--if-configured)

inbox: $(STAMP)  ## list fans' submissions waiting for you: then fanzine approve ID or fanzine reject ID
	$(BIN)/fanzine inbox

clean:  ## remove built output and caches (keeps .venv)
	rm -rf output .fanzine-cache .pytest_cache
