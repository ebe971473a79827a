"""The Discord card: server name, invite button and the click-to-load "who's online" widget."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT
from fanzine.content.check import check_site
from fanzine.theme.embeds import discord_widget
from fanzine.theme.newsletter import signup_form
from support.theme import pelican_environment

THEME = ROOT / "themes" / "fanzine"
SERVER = "872382635955231819"


def card(discord: dict) -> str:
    environment = pelican_environment(signup_form=signup_form, discord_widget=discord_widget)
    template = environment.get_template("partials/discord.html")
    return template.render(ARTIST={"name": "Nova Lights", "discord": discord}, SITEURL="", block_id="t")


def test_the_widget_loads_from_discord_only_on_a_click_in_the_fan_s_colours():
    widget = discord_widget({"invite": "https://discord.gg/UqiTVg5b", "server_id": SERVER})
    assert widget.src == f"https://discord.com/widget?id={SERVER}&theme=light"
    assert widget.src_dark == f"https://discord.com/widget?id={SERVER}&theme=dark"
    assert (widget.height, widget.host) == (500, "https://discord.com")
    assert discord_widget({"invite": "https://discord.gg/UqiTVg5b"}) is None
    assert discord_widget(None) is None


def test_the_card_has_the_server_name_the_invite_and_the_widget_button():
    html = card({"invite": "https://discord.gg/UqiTVg5b", "server_id": SERVER, "name": "The Lamplighters"})
    assert '<h2 id="discord-heading-t" class="block__title discord__title">' in html
    assert "<span>The Lamplighters</span>" in html
    assert '<a class="button button--primary discord__join" href="https://discord.gg/UqiTVg5b" rel="noopener">' in html
    assert "Join the Discord" in html
    assert f'data-embed-src="https://discord.com/widget?id={SERVER}&amp;theme=light"' in html
    assert "Show who's online" in html or "Show who&#39;s online" in html
    assert "<iframe" not in html


def test_without_a_server_id_only_the_invite():
    html = card({"invite": "https://discord.gg/UqiTVg5b"})
    assert "Join the Discord" in html and "data-embed-src" not in html
    assert "<span>Join the community</span>" in html


def check_artist(tmp_path: Path, yaml: str):
    content = tmp_path / "content"
    content.mkdir(parents=True)
    (content / "artist.yml").write_text("name: Nova Lights\n" + yaml, encoding="utf-8")
    return [(p.key, p.message) for p in check_site(content).problems]


@pytest.mark.parametrize("invite", ["https://discord.gg/UqiTVg5b", "https://discord.com/invite/UqiTVg5b"])
def test_invite_links_that_work(tmp_path, invite):
    assert check_artist(tmp_path, f"discord:\n  invite: {invite}\n") == []


def test_an_invite_that_is_not_an_invite(tmp_path):
    assert check_artist(tmp_path, "discord:\n  invite: https://discord.com/channels/872382635955231819\n") == [
        ("discord.invite", "expected a Discord invite link like https://discord.gg/abc123 (in Discord: your "
                           "server's name → Invite People → Edit invite link → Expire After: Never), got "
                           "\"https://discord.com/channels/872382635955231819\"")]


def test_a_server_id_without_quotes_or_too_short(tmp_path):
    problems = check_artist(tmp_path, "discord:\n  invite: https://discord.gg/UqiTVg5b\n  server_id: \"1234\"\n")
    assert problems == [("discord.server_id", 'expected a Discord server id of 17-20 digits, in quotes like '
                                              '"123456789012345678", got "1234"')]


@pytest.mark.slow
def test_the_hub_and_the_link_page_show_the_card(site):
    for page in ("index.html", "links/index.html"):
        html = (site / page).read_text(encoding="utf-8")
        assert 'href="https://discord.gg/UqiTVg5b"' in html, page
        assert f'data-embed-src="https://discord.com/widget?id={SERVER}&amp;theme=light"' in html, page
        assert "/theme/js/embed.js" in html, page
