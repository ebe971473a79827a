"""Link pages in whole builds of the example hub: buttons, UTM, featured release, schedules, QR codes, weight."""
from __future__ import annotations

import gzip
import html
import html.parser
import re
from pathlib import Path

import pytest

from conftest import AS_OF, copy_project, fanzine
from support.pages import Page, build, read
from support.qr import decode_qr

pytestmark = pytest.mark.slow

SITEURL = "https://novalights.example"
BUDGET = 14 * 1024  # bytes: the main link page's HTML + CSS + JS, each gzip -9: one round trip (fonts apart)


# --- the main link page -------------------------------------------------------------------------

def test_the_main_link_page_shows_avatar_name_tagline_and_socials(site):
    text = read(site, "links/index.html")
    assert 'class="linkpage__avatar"' in text
    assert '<h1 class="linkpage__name">Nova Lights</h1>' in text
    assert '<p class="linkpage__tagline">Synthwave for late-night drives and the long way home</p>' in text
    socials = [link for link in Page(text).links if "linkpage__social" in link["class"]]
    assert [s["href"] for s in socials] == [
        "https://www.instagram.com/novalights.music", "https://www.tiktok.com/@novalightsmusic",
        "https://open.spotify.com/artist/huG8GP38g4o5MNJAYKJ1UX", "https://novalights.bandcamp.com",
        "https://www.youtube.com/@novalightsmusic"]
    assert [s["text"] for s in socials] == ["Instagram", "TikTok", "Spotify", "Bandcamp", "YouTube"]


def test_the_main_link_page_has_ten_buttons_in_order_and_shows_the_pre_save_once(site):
    text = read(site, "links/index.html")
    buttons = Page(text).buttons()
    # "Pre-save Night Drive" (highlighted in links/index.md) leads where the featured card's Pre-save already does
    assert [b["text"] for b in buttons] == [
        "Night Drive demos and stems — early access",
        "Listen to Glasshouse Hours", "Sodium Lights (Mara K Remix)", "Satellite Summer on transparent blue vinyl",
        "Watch: Glasshouse Hours, live from the box room", "Community playlists",
        "All events", "Shows and tickets",  # the next two events come before them, from content/events/
        "Merch and cassettes", "Booking and press"]
    assert [b["text"] for b in buttons if "link-button--highlight" in b["class"]] == []
    assert text.count(">Pre-save<") == 1  # the card's


def test_outgoing_buttons_carry_the_page_utm_and_nothing_else_does(site):
    hrefs = {b["text"]: b["href"] for b in Page(read(site, "links/index.html")).buttons()}
    assert hrefs["Satellite Summer on transparent blue vinyl"] == \
        "https://novalights.bandcamp.com/merch/satellite-summer-12-vinyl?utm_source=instagram&utm_medium=social"
    # a query the artist wrote is kept, the tags follow it
    assert hrefs["Watch: Glasshouse Hours, live from the box room"] == \
        "https://www.youtube.com/watch?v=d8PM5Pp_7vt&utm_source=instagram&utm_medium=social"
    assert hrefs["Booking and press"] == "mailto:hello@novalights.band?subject=Booking%20enquiry"
    assert hrefs["Listen to Glasshouse Hours"] == f"{SITEURL}/go/glasshouse-hours/"
    assert hrefs["Shows and tickets"] == f"{SITEURL}/links/tour/"
    assert hrefs["All events"] == f"{SITEURL}/events/"  # the site's own pages are never tagged
    assert all(href.count("utm_source") <= 1 for href in hrefs.values())


def test_buttons_get_icons_from_their_hosts(site):
    text = read(site, "links/index.html")
    vinyl = re.search(r'<a class="link-button"[^>]*satellite-summer-12-vinyl[^>]*>(.*?)</a>', text).group(1)
    assert vinyl.startswith("<span><svg") and 'aria-hidden="true"' in vinyl  # Bandcamp's glyph
    shows = re.search(r'<a class="link-button"[^>]*/links/tour/[^>]*>(.*?)</a>', text).group(1)
    assert "<svg" not in shows  # a page of the site: the label alone


def test_the_featured_release_card_links_to_its_smart_link(site):
    text = read(site, "links/index.html")
    card = re.search(r'<article class="feature">.*?</article>', text, re.S).group(0)
    assert 'class="feature__cover"' in card
    assert '<h2 class="feature__title">Night Drive</h2>' in card
    assert "Single · out <time datetime=\"2026-12-05\">5 December</time>" in card
    assert re.search(r'<a class="feature__action" href="https://novalights.example/go/night-drive/">Pre-save'
                     r'<span class="visually-hidden"> Night Drive</span></a>', card)
    assert text.index('class="feature"') < text.index('class="link-button')  # on top


def test_newsletter_and_discord_blocks_follow_the_buttons(site):
    text = read(site, "links/index.html")
    assert text.index("Booking and press") < text.index('class="block newsletter"') < \
        text.index('class="block discord"')
    assert 'href="https://discord.gg/UqiTVg5b"' in text


def test_headings_split_the_buttons_into_lists(site):
    page = Page(read(site, "links/index.html"))
    assert ("h2", "Upcoming events") in page.headings  # { block: events, limit: 2 } brings its own heading
    assert read(site, "links/index.html").count('<ul class="linkpage__list">') == 3


def test_link_pages_load_their_own_small_stylesheet_and_the_in_app_script(site):
    page = Page(read(site, "links/index.html"))
    assert page.stylesheets == [f"{SITEURL}/theme/css/fanzine-links.css"]
    assert f"{SITEURL}/theme/js/inapp.js" in page.scripts
    css = read(site, "theme/css/fanzine-links.css")
    assert css.startswith('@font-face{font-family:"Orbitron"') and ":root{--bg:" in css  # the preset's fonts, tokens
    assert "@import" not in css and "/*" not in css
    assert ".link-button{" in css and ".signup__input{" in css  # its own component and the blocks'
    assert ".tracklist" not in css and ".card__title" not in css  # other pages' components stay out


def test_the_in_app_hint_is_in_the_page_but_hidden(site):
    text = read(site, "links/index.html")
    assert '<div class="inapp" id="inapp" role="region" aria-label="Open in your browser" hidden>' in text
    assert ">Copy link</button>" in text


# --- weight --------------------------------------------------------------------------------------

def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def test_the_main_link_page_fits_the_weight_budget(site):
    text = read(site, "links/index.html")
    page = Page(text)
    assert len(page.buttons()) == 10 and 'class="feature"' in text and 'class="event-row' in text
    assert 'class="block newsletter"' in text and 'class="block discord"' in text
    assets = [site / href.removeprefix(SITEURL + "/") for href in page.stylesheets + page.scripts]
    total = gz(text.encode()) + sum(gz(asset.read_bytes()) for asset in assets)
    assert total <= BUDGET, f"/links/ weighs {total:,} bytes gzipped (HTML + CSS + JS); the budget is {BUDGET:,}"


def test_fonts_come_from_the_site_itself_and_nothing_from_another_host(site):
    for path in ("links/index.html", "index.html"):
        text = read(site, path)
        page = Page(text)
        assert all(href.startswith(SITEURL + "/") for href in page.stylesheets + page.scripts), path
        assert "preconnect" not in text and "@import" not in text
        preloads = re.findall(r'<link rel="preload" href="([^"]+)" as="font" type="font/woff2" crossorigin>', text)
        assert preloads == [f"{SITEURL}/theme/fonts/orbitron-latin.woff2",
                            f"{SITEURL}/theme/fonts/space-grotesk-latin.woff2"], path
    for css in ("theme/css/fanzine-links.css", "theme/css/fanzine.css"):
        text = read(site, css)
        sources = re.findall(r'@font-face\{[^}]*src:url\("([^"]+)"\)', text)
        assert sources and all(src.startswith(f"{SITEURL}/theme/fonts/") for src in sources)
        assert "font-display:swap" in text and "url(http" not in text.replace(f"url(\"{SITEURL}/", "") \
            and "url(//" not in text


# --- other link pages ---------------------------------------------------------------------------

def test_every_other_file_builds_its_own_link_page(site):
    text = read(site, "links/tour/index.html")
    assert "<title>Nova Lights — live</title>" in text
    assert "Three shows, one van" in text  # the body, as an introduction
    page = Page(text)
    assert [h for h in page.headings if h[0] == "h2"][:4] == [("h2", "Night Drive"), ("h2", "Shows"),
                                                               ("h2", "Listening parties"), ("h2", "Before you go")]
    hrefs = {b["text"]: b["href"] for b in page.buttons()}
    assert "Pre-save Night Drive" not in hrefs  # the featured card's Pre-save already leads there
    assert hrefs["Access and accessibility questions"] == "mailto:access@novalights.band?subject=Shows%20access"
    assert hrefs["Every event, and a calendar to subscribe to"] == f"{SITEURL}/events/"
    assert f'href="{SITEURL}/links/">All links</a>' in text
    assert 'class="block discord"' not in text  # only the blocks this page asks for


def test_a_campaign_page_features_the_release_it_names(site):
    text = read(site, "links/tour/index.html")
    assert '<a class="feature__action" href="https://novalights.example/go/night-drive/">Pre-save' in text


# --- schedules, on both sides of the boundary -----------------------------------------------------

def test_scheduled_links_and_the_featured_release_flip_on_release_day(example_on):
    eve = example_on("2026-12-04", publish=True)
    day = example_on("2026-12-05", publish=True)
    tour_eve = [b["text"] for b in Page(read(eve, "links/tour/index.html")).buttons()]
    tour_day = [b["text"] for b in Page(read(day, "links/tour/index.html")).buttons()]
    # the tour page's "Pre-save" (until 5 December) and "Listen" (from 5 December) links lead where its featured
    # Night Drive card leads: the card alone shows them, with the right word on each side of the day
    assert not {"Pre-save Night Drive", "Listen to Night Drive"} & set(tour_eve + tour_day)
    assert "Read the spring tour diary" in tour_eve and "Read the spring tour diary" in tour_day
    assert re.search(r'class="feature__action" href="[^"]+/go/night-drive/">Pre-save',
                     read(eve, "links/tour/index.html"))
    assert re.search(r'class="feature__action" href="[^"]+/go/night-drive/">Listen', read(day, "links/tour/index.html"))
    main_eve, main_day = read(eve, "links/index.html"), read(day, "links/index.html")
    assert "Night Drive demos and stems — early access" in main_eve  # from: 2026-11-01
    # featured: upcoming keeps Night Drive on top once it is out, now to listen
    assert re.search(r'class="feature__action" href="[^"]+/go/night-drive/">Pre-save', main_eve)
    assert re.search(r'class="feature__action" href="[^"]+/go/night-drive/">Listen', main_day)


def test_as_of_from_the_environment_previews_a_later_day(tmp_path):
    project = copy_project(tmp_path / "project")
    fanzine("build", "--output", str(tmp_path / "out"), cwd=project, check=True, env={"FANZINE_AS_OF": "2026-10-31"})
    buttons = [b["text"] for b in Page(read(tmp_path / "out", "links/index.html")).buttons()]
    assert "Night Drive demos and stems — early access" not in buttons  # from: 2026-11-01


# --- QR codes -----------------------------------------------------------------------------------

@pytest.mark.parametrize("folder, expected", [
    ("links", f"{SITEURL}/links/?utm_source=instagram&utm_medium=social"),
    ("links/tour", f"{SITEURL}/links/tour/?utm_source=tiktok&utm_medium=social&utm_campaign=winter-shows"),
])
def test_each_link_page_has_qr_codes_that_decode_to_its_address(site, folder, expected):
    svg = read(site, f"{folder}/qr.svg")
    assert svg.startswith("<svg") and f"<title>QR code: {html.escape(expected, quote=False)}</title>" in svg
    assert (site / folder / "qr.png").read_bytes().startswith(b"\x89PNG")
    assert decode_qr(site / folder / "qr.png") == expected


def test_qr_codes_are_the_same_bytes_in_every_build(tmp_path, site):
    again = build(tmp_path)
    for name in ("links/qr.svg", "links/qr.png", "links/tour/qr.svg", "links/tour/qr.png"):
        assert (again / name).read_bytes() == (site / name).read_bytes(), name


def test_a_development_build_without_siteurl_makes_no_qr_codes(dev_site):
    assert (dev_site / "links/index.html").exists()
    assert not (dev_site / "links/qr.svg").exists()


# --- home: links -----------------------------------------------------------------------------------

def use_links_as_home(project: Path) -> None:
    artist = project / "content/artist.yml"
    artist.write_text(artist.read_text().replace("home: hub", "home: links"))


def test_home_links_puts_the_main_link_page_at_the_root(tmp_path):
    output = build(tmp_path, edit=use_links_as_home)
    root, links_page = read(output, "index.html"), read(output, "links/index.html")
    assert 'class="page page--links"' in root and "hero-heading" not in root
    assert [b["text"] for b in Page(root).buttons()] == [b["text"] for b in Page(links_page).buttons()]
    assert "music, stories and playlists" not in root  # no hub to link back to
    assert decode_qr(output / "links/qr.png") == f"{SITEURL}/links/?utm_source=instagram&utm_medium=social"


# --- mistakes an artist can make ------------------------------------------------------------------

def check_with(tmp_path: Path, links_yaml: str, featured: str = "none") -> str:
    """`fanzine check` on the example hub with content/links/index.md replaced; what it prints."""
    project = copy_project(tmp_path / "project")
    (project / "content/links/index.md").write_text(
        f"---\ntitle: Nova Lights — links\nfeatured: {featured}\nlinks:\n{links_yaml}---\n", encoding="utf-8")
    result = fanzine("check", cwd=project)
    assert result.returncode == 1
    return result.stderr


@pytest.mark.parametrize("links_yaml, featured, message", [
    pytest.param("  - { url: https://dice.fm/event/x }\n", "none",
                 "content/links/index.md: links[1].label: required key is missing: expected text",
                 id="link-without-label"),
    pytest.param("  - { label: Tour }\n", "none",
                 "content/links/index.md: links[1].url: required key is missing: expected a web address starting "
                 "with https://", id="link-without-url"),
    pytest.param("  - { label: Tour, url: /links/tour/, from: 2026-12-05, until: 2026-11-01 }\n", "none",
                 "content/links/index.md: links[1].from: expected a date before until (2026-11-01), got 2026-12-05",
                 id="from-after-until"),
    pytest.param("  - { label: Tour, url: /links/tour/ }\n  - { block: newsleter }\n", "none",
                 "content/links/index.md: links[2].block: expected one of: newsletter, discord, release, socials, "
                 "events, poll, call, got \"newsleter\"; did you mean 'newsletter'?", id="unknown-block"),
    pytest.param("  - { label: Tour, url: /links/tour/ }\n", "releases/night-drve",
                 "content/links/index.md: featured: no release named 'night-drve' in content/releases/; "
                 "did you mean 'night-drive'?", id="featured-release-missing"),
])
def test_each_mistake_gets_one_clear_message_naming_file_and_key(tmp_path, links_yaml, featured, message):
    printed = check_with(tmp_path, links_yaml, featured)
    assert message in printed.splitlines()
    assert "1 problem found. Fix it and run again." in printed
    assert "Traceback" not in printed


def test_the_build_stops_on_the_same_mistakes(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "content/links/tour.md").write_text(
        "---\ntitle: Tour\nfeatured: releases/nope\nlinks:\n  - { label: Tickets, url: /links/ }\n---\n",
        encoding="utf-8")
    result = fanzine("build", "--as-of", AS_OF, "--output", str(tmp_path / "out"), cwd=project)
    assert result.returncode == 1
    assert "content/links/tour.md: featured: no release named 'nope' in content/releases/" in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "out/links/tour").exists()


def test_a_draft_release_cannot_be_featured(tmp_path):
    project = copy_project(tmp_path / "project")
    release = project / "content/releases/night-drive.md"
    release.write_text(release.read_text().replace("---\n", "---\nstatus: draft\n", 1))
    result = fanzine("check", cwd=project)
    assert "content/links/tour.md: featured: the release 'night-drive' is a draft (status: draft), so it is " \
           "not built; publish it or feature another release" in result.stderr.splitlines()
