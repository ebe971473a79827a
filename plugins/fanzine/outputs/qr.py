"""QR codes of the link pages: SVG for screens and PNG for print, next to each page.

Each encodes the page's absolute address with its UTM parameters (links/qr.svg, links/<slug>/qr.svg and .png).
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import segno

from ..theme import stats

log = logging.getLogger(__name__)

QR_ERROR_LEVEL = "m"  # survives a crease or a smudge on a printed poster
QR_SVG_SCALE = 8  # px per module: a sharp default size on screen; the SVG scales to any size anyway
QR_PNG_SCALE = 20  # px per module: about 900 px across for a typical page address, enough for print


def qr_paths(page) -> tuple[str, str]:
    """Where a page's QR codes go, next to the page: links/qr.svg, links/<slug>/qr.svg (and .png)."""
    folder = Path(page.save_as).parent
    return str(folder / "qr.svg"), str(folder / "qr.png")


def write_qr_codes(page, output_path: str | Path, counted: bool = False) -> list[Path]:
    """Write the page's QR codes as SVG and PNG; the same address always gives the same bytes.

    `counted` (artist.yml's stats: on) marks the address with src=qr, so arrivals by QR code are counted.
    """
    if not page.address:
        return []
    address = stats.qr_address(page.address) if counted else page.address
    code = segno.make(address, error=QR_ERROR_LEVEL, micro=False, boost_error=False)
    written = []
    looks: tuple[dict[str, Any], dict[str, Any]] = (
        {"scale": QR_SVG_SCALE, "light": "#fff", "xmldecl": False, "title": f"QR code: {address}"},
        {"scale": QR_PNG_SCALE})
    for relative, options in zip(qr_paths(page), looks, strict=True):
        target = Path(output_path) / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        code.save(str(target), border=4, dark="#000", **options)
        written.append(target)
    return written


def write_all(pages: list, settings: dict, output_path: str | Path) -> None:
    """Every link page's QR codes; without the site's address there is nothing for a phone to open."""
    if pages and not pages[0].address:
        # `make publish` sets SITEURL
        level = logging.WARNING if settings.get("FANZINE_PUBLISH") else logging.DEBUG
        log.log(level, "links: QR codes not made: set SITEURL to the site's address, like https://novalights.band")
    for page in pages:
        write_qr_codes(page, output_path, counted=stats.enabled(settings))
