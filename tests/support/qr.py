"""Reading a QR code back as a phone's camera does (zbarimg, from Debian's zbar-tools)."""
from __future__ import annotations

import shutil
import subprocess

import pytest

from conftest import IN_CI

ZBARIMG = shutil.which("zbarimg")


def decode_qr(path) -> str:
    """The text a phone's camera reads from a QR code picture (zbar, Debian's zbar-tools)."""
    if ZBARIMG is None:
        if IN_CI:
            pytest.fail("CI=true but zbarimg is missing: .ci/run must install zbar-tools")
        pytest.skip("zbarimg is not installed (apt-get install zbar-tools)")
    result = subprocess.run([ZBARIMG, "--quiet", "--raw", str(path)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, f"zbarimg found no QR code in {path}: {result.stderr}"
    return result.stdout.strip()
