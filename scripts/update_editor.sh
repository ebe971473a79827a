#!/bin/sh
# Replace the vendored Decap CMS bundle (themes/fanzine/admin/) with another version from npm:
#   scripts/update_editor.sh 3.16.3
# then update the version in themes/fanzine/admin/LICENSE and run tests/test_editor_browser.py.
set -eu
version=${1:?usage: scripts/update_editor.sh VERSION}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "decap-cms@$version" >/dev/null && tar -xzf decap-cms-*.tgz)
cp "$work/package/dist/decap-cms.js" "$work/package/dist/decap-cms.js.LICENSE.txt" themes/fanzine/admin/
sha256sum themes/fanzine/admin/decap-cms.js
