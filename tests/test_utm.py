"""utm.py: campaign tags added once, and only to links that leave the site."""
from __future__ import annotations

import pytest

from fanzine.theme.utm import add_utm, merge

UTM = {"source": "instagram", "medium": "social", "campaign": "night-drive"}


def test_tags_are_added_to_a_plain_link():
    assert add_utm("https://open.spotify.com/album/x", UTM) == (
        "https://open.spotify.com/album/x?utm_source=instagram&utm_medium=social&utm_campaign=night-drive")


def test_existing_parameters_are_kept_and_never_duplicated():
    url = "https://example.com/t?id=7&utm_source=poster"
    assert add_utm(url, UTM) == "https://example.com/t?id=7&utm_source=poster&utm_medium=social&utm_campaign=night-drive"


@pytest.mark.parametrize("url", ["mailto:hello@novalights.band", "tel:+441234567", "/releases/", "#top"])
def test_contact_and_site_links_are_left_alone(url):
    assert add_utm(url, UTM) == url


def test_no_tags_means_no_change():
    assert add_utm("https://example.com/", {}) == "https://example.com/"
    assert add_utm("https://example.com/", None) == "https://example.com/"


def test_later_layers_win_field_by_field():
    assert merge({"source": "site", "medium": "web"}, {"source": "instagram"}, None) == {
        "source": "instagram", "medium": "web"}
