"""The published example hub, served over HTTPS with its generated headers, graded by the MDN HTTP Observatory: A+.

The scanner runs offline against 127.0.0.1: a throwaway local CA signs the
test server's certificate and the scanner is told to trust it. The server
answers plain HTTP on the same port with a redirect to HTTPS, as a real host
does. `make test` installs the scanner on its own (see the Makefile's
observatory step); outside CI the test is skipped where it is missing.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest

from conftest import AS_OF, IN_CI, ROOT, copy_project, fanzine
from headers_server import free_port, local_ca, serve

SCANNERS = [
    ROOT / "node_modules" / ".observatory" / "node_modules" / "@mdn" / "mdn-http-observatory",  # make's step
    ROOT / "node_modules" / "@mdn" / "mdn-http-observatory",  # a plain npm install
]


@pytest.fixture(scope="module")
def scanner():
    node = shutil.which("node")
    found = next((path for path in SCANNERS if (path / "src" / "scan.js").is_file()), None)
    if node and found and not (found / "conf" / "hsts-preload.json").is_file():
        found = None  # installed without the step that writes its offline HSTS list
    if node and found:
        return node, found / "src" / "scan.js"
    message = ("the MDN HTTP Observatory is not installed: run `make node_modules/.observatory/installed` "
               "(npm install --ignore-scripts @mdn/mdn-http-observatory, on its own)")
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


@pytest.mark.slow
def test_the_published_hub_gets_an_a_plus(scanner, tmp_path):
    node, scan = scanner
    # published for the address it is served from, so its own scripts are its own (as on the real host)
    port = free_port()
    project = copy_project(tmp_path / "project")
    fanzine("build", "--publish", "--as-of", AS_OF, cwd=project, env={"SITEURL": f"https://127.0.0.1:{port}"},
            check=True)
    ca, tls = local_ca(tmp_path)
    server = serve(project / "output", tls=tls, port=port)
    try:
        # scan.js directly: the package's bin wrapper replaces NODE_EXTRA_CA_CERTS with its own bundle
        result = subprocess.run([node, str(scan), f"127.0.0.1:{server.server_address[1]}"], capture_output=True,
                                text=True, timeout=180, env={**os.environ, "NODE_EXTRA_CA_CERTS": str(ca)})
    finally:
        server.shutdown()
    report = json.loads(result.stdout or "{}")
    assert "scan" in report, f"the scanner failed:\n{result.stdout}\n{result.stderr}"
    failed = {name: test["result"] for name, test in report["tests"].items() if not test["pass"]}
    assert failed == {}, (f"MDN HTTP Observatory: grade {report['scan']['grade']}, score {report['scan']['score']}, "
                          f"{report['scan']['testsPassed']}/{report['scan']['testsQuantity']} tests passed")
    assert report["tests"]["content-security-policy"]["result"] == "csp-implemented-with-no-unsafe-default-src-none"
    assert report["tests"]["redirection"]["result"] == "redirection-to-https"
    assert report["scan"]["grade"] == "A+"
