"""One page of each type, opened in Chromium on a 390 px phone, in light and dark.

Each page must load with no console or script error, no request that fails or
leaves 127.0.0.1 (a fan's visit is private: no CDN, font or tracker), no
sideways scrolling, and no axe-core violation of WCAG 2.2 AA or best practice.
One load per page serves both colour schemes: the scheme is switched in place.
"""
from __future__ import annotations

import pytest

from support.browser import PAGES, PHONE, phone_problems

pytestmark = pytest.mark.browser

@pytest.mark.parametrize("path", PAGES)
def test_page_works_on_a_phone(page, site_url, axe_source, path):
    problems = phone_problems(page, site_url + path, axe_source)
    if problems:
        pytest.fail(f"{path} at {PHONE['width']} px:\n  " + "\n  ".join(problems), pytrace=False)
    if not axe_source:
        pytest.skip("loads cleanly; accessibility not checked: axe-core is not installed (npm ci)")
