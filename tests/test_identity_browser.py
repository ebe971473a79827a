"""Every theme preset in Chromium: axe (WCAG 2.2 AA, contrast included) on the front doors at 390 and 1280 px in
light and dark, the words over the hero backdrop measured against what is actually drawn behind them, fonts only
from the site and within budget, and no sideways scrolling at any width from 320 to 1920 px on any page type.
Also the phone chrome (one-row nav, one-line in-app notice that stays closed) and the share button."""
from __future__ import annotations

import io
import shutil
import sys
from urllib.parse import urlsplit

import pytest
from PIL import Image

from conftest import AS_OF, ROOT, copy_project, fanzine, serve_folder
from fanzine.outputs.marks import pixels_of
from fanzine.theme.colours import TEXT_CONTRAST, contrast
from fanzine.theme.presets import PRESETS
from support.browser import IN_APP, LOAD_EVERY_PICTURE, OVERFLOWING, PAGES, axe_report, watch

sys.path.insert(0, str(ROOT / "scripts"))
from gallery import with_theme  # noqa: E402

pytestmark = pytest.mark.browser

DOORS = ["/", "/links/", "/releases/night-drive/", "/releases/glasshouse-hours/", "/go/night-drive/"]
WIDTHS = [320, 360, 390, 768, 1024, 1280, 1440, 1920]
SCHEMES = ["light", "dark"]
FONT_BUDGET = 30 * 1024


@pytest.fixture(scope="session")
def preset_urls(tmp_path_factory, dev_site):
    """The example hub built once per preset (with each preset's own accent and drawing), served on 127.0.0.1."""
    urls, servers = {}, []
    for name in PRESETS:
        project = copy_project(tmp_path_factory.mktemp(f"preset-{name}"))
        with_theme(project / "content", name)
        fanzine("build", "--as-of", AS_OF, cwd=project, check=True)
        servers.append(serve_folder(project / "output"))
        urls[name] = f"http://127.0.0.1:{servers[-1].server_address[1]}"
        shutil.rmtree(project / ".fanzine-cache" / "images", ignore_errors=True)
    yield urls
    for server in servers:
        server.shutdown()


def load(page, url: str, width: int, scheme: str = "light") -> list[str]:
    problems = watch(page)
    page.set_viewport_size({"width": width, "height": 844 if width < 800 else 900})
    page.emulate_media(color_scheme=scheme)
    page.goto(url, wait_until="load")
    problems += [f"picture does not load: {src}" for src in page.evaluate(LOAD_EVERY_PICTURE)]
    page.evaluate("document.fonts.ready.then(() => true)")
    return problems


@pytest.mark.parametrize("door", DOORS)
@pytest.mark.parametrize("preset", list(PRESETS))
def test_every_preset_passes_axe_on_the_front_doors(page, preset_urls, axe_source, preset, door):
    if not axe_source:
        pytest.skip("axe-core is not installed (npm ci)")
    problems = []
    for width in (390, 1280):
        problems += [f"{width} px: {p}" for p in load(page, preset_urls[preset] + door, width)]
        page.add_script_tag(content=axe_source)
        for scheme in SCHEMES:
            page.emulate_media(color_scheme=scheme)
            problems += [f"{width} px {line}" for line in axe_report(page, scheme)]
    if problems:
        pytest.fail(f"{preset} {door}:\n  " + "\n  ".join(problems), pytrace=False)


# What lies behind the words of the hero band: the text made transparent, then the pixels under each line.
HIDE_WORDS = """() => {
  const own = el => [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());  // its own words
  const words = [...document.querySelectorAll('.hero-band h1, .hero-band p')]
    .filter(el => own(el) && !el.closest('a, button') && el.getBoundingClientRect().height > 0);
  const found = words.map(el => {
    const box = el.getBoundingClientRect(), style = getComputedStyle(el);
    return {what: el.className || el.tagName, colour: style.color,
            box: [box.left + scrollX, box.top + scrollY, box.width, box.height]};
  });
  for (const el of words) { el.style.setProperty('color', 'transparent', 'important');
                            el.style.setProperty('text-shadow', 'none', 'important'); }
  return found;
}"""


@pytest.fixture(scope="session")
def first_day_urls(tmp_path_factory):
    """Each preset on a hub as `make start` leaves it: no avatar yet, and the socials placed among the links
    (so the band ends with the words). Built when a test first asks for the preset."""
    urls, servers = {}, []

    def url(name: str) -> str:
        if name not in urls:
            project = copy_project(tmp_path_factory.mktemp(f"first-day-{name}"))
            content = project / "content"
            with_theme(content, name)
            artist = content / "artist.yml"
            artist.write_text("".join(line for line in artist.read_text(encoding="utf-8").splitlines(keepends=True)
                                      if not line.startswith("avatar")), encoding="utf-8")
            links = content / "links" / "index.md"
            placed = links.read_text(encoding="utf-8").replace("links:\n", "links:\n  - { block: socials }\n", 1)
            links.write_text(placed, encoding="utf-8")
            fanzine("build", "--as-of", AS_OF, cwd=project, check=True)
            servers.append(serve_folder(project / "output"))
            urls[name] = f"http://127.0.0.1:{servers[-1].server_address[1]}"
        return urls[name]

    yield url
    for server in servers:
        server.shutdown()


def hex_of(css_colour: str) -> str:
    values = [int(float(v)) for v in css_colour[css_colour.index("(") + 1:-1].replace(",", " ").split()[:3]]
    return "#" + "".join(f"{v:02x}" for v in values)


def worst_contrast(page) -> list[str]:
    found = page.evaluate(HIDE_WORDS)
    shot = Image.open(io.BytesIO(page.screenshot(full_page=True))).convert("RGB")
    failures = []
    for words in found:
        left, top, width, height = (round(v) for v in words["box"])
        region = shot.crop((left, top, left + max(1, width), top + max(1, height))).reduce(2)
        colours = {f"#{r:02x}{g:02x}{b:02x}" for r, g, b in pixels_of(region)}
        worst = min(contrast(hex_of(words["colour"]), c) for c in colours)
        if worst < TEXT_CONTRAST:
            failures.append(f"{words['what']}: {worst:.2f}:1 at worst")
    return failures


@pytest.mark.parametrize("door", ["/", "/links/"])
@pytest.mark.parametrize("preset", [*PRESETS, "example"])
def test_the_words_over_the_backdrop_read_on_what_is_drawn_behind_them(page, preset_urls, site_url, preset, door):
    """axe cannot see behind a picture or a drawing; this measures the pixels themselves (the example hub has a
    background picture, the presets their own drawings)."""
    base = site_url if preset == "example" else preset_urls[preset]
    failures = []
    for width in (390, 1280):
        for scheme in SCHEMES:
            load(page, base + door, width, scheme)
            failures += [f"{width} px {scheme}: {f}" for f in worst_contrast(page)]
    assert not failures, f"{preset} {door}:\n  " + "\n  ".join(failures)


@pytest.mark.parametrize("preset", list(PRESETS))
def test_on_the_first_day_the_words_stay_off_the_drawing(page, first_day_urls, preset):
    """No avatar yet and the socials among the links: the backdrop's drawing (synthwave's sun and grid) must
    not land behind the name or the tagline, which ended up on the sun and the horizon before."""
    failures = []
    for door in ("/", "/links/"):
        for width in (390, 1280):
            for scheme in SCHEMES:
                load(page, first_day_urls(preset) + door, width, scheme)
                failures += [f"{door} {width} px {scheme}: {f}" for f in worst_contrast(page)]
    assert not failures, f"{preset}:\n  " + "\n  ".join(failures)


def test_each_preset_downloads_its_own_fonts_from_the_site_within_budget(browser, preset_urls):
    for preset, url in preset_urls.items():
        context = browser.new_context(viewport={"width": 390, "height": 844})
        page = context.new_page()
        fonts = []
        page.on("response", lambda r, fonts=fonts: r.request.resource_type == "font"
                and fonts.append((r.url, len(r.body()))))
        page.goto(url + "/links/", wait_until="networkidle")
        families = page.evaluate("[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)")
        context.close()
        assert fonts and all(urlsplit(u).hostname == "127.0.0.1" for u, _ in fonts), (preset, fonts)
        assert sum(size for _, size in fonts) <= FONT_BUDGET, (preset, fonts)
        preset_fonts = {PRESETS[preset].heading_font, PRESETS[preset].body_font}
        from fanzine.theme.fonts import FONTS
        assert {FONTS[f].family for f in preset_fonts} <= {f.strip('"') for f in families}, (preset, families)


# --- desktop uses the width; no width scrolls sideways -------------------------------------------------------

def sideways(page, url: str, widths=WIDTHS) -> list[str]:
    problems = load(page, url, widths[0])
    for width in widths:
        page.set_viewport_size({"width": width, "height": 900})
        wide = page.evaluate("document.scrollingElement.scrollWidth")
        if wide > width:
            culprits = ", ".join(page.evaluate(OVERFLOWING, width))
            problems.append(f"{width} px: the page is {wide} px wide, from {culprits}")
    return problems


@pytest.mark.parametrize("path", PAGES)
def test_no_page_type_scrolls_sideways_from_320_to_1920_px(page, site_url, path):
    problems = sideways(page, site_url + path)
    assert not problems, f"{path}:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("preset", list(PRESETS))
def test_no_front_door_of_any_preset_scrolls_sideways(page, preset_urls, preset):
    problems = [f"{door} {p}" for door in DOORS for p in sideways(page, preset_urls[preset] + door)]
    assert not problems, f"{preset}:\n  " + "\n  ".join(problems)


def test_a_desktop_sets_the_cover_beside_the_details_and_the_home_side_by_side(page, site_url):
    load(page, site_url + "/releases/glasshouse-hours/", 1280)
    cover = page.locator(".release__cover").bounding_box()
    title = page.locator(".release__title").bounding_box()
    assert title["x"] > cover["x"] + cover["width"] and abs(title["y"] - cover["y"]) < cover["height"]
    load(page, site_url + "/", 1280)
    sections = page.locator(".home__section").evaluate_all("s => s.map(e => e.getBoundingClientRect().x)")
    assert len(set(round(x) for x in sections)) == 2  # two columns
    load(page, site_url + "/releases/", 1280)
    tops = page.locator(".discography__group--all .card").evaluate_all("c => c.map(e => e.getBoundingClientRect().y)")
    assert tops.count(tops[0]) >= 4  # four covers or more on a row
    load(page, site_url + "/releases/glasshouse-hours/", 390)
    cover, title = page.locator(".release__cover").bounding_box(), page.locator(".release__title").bounding_box()
    assert title["y"] > cover["y"] + cover["height"]  # a phone: one column


# --- music first -------------------------------------------------------------------------------------

def test_the_player_or_the_pre_save_comes_right_after_the_title(page, site_url):
    for path, first in (("/releases/glasshouse-hours/", ".embed"), ("/releases/night-drive/", ".release__soon")):
        load(page, site_url + path, 390)
        after_header = page.evaluate("document.querySelector('.release__header').nextElementSibling.matches"
                                     f"('{first}, :has(> {first})')")
        assert after_header, path
        player = page.locator(first).first.bounding_box()
        services = page.locator(".platforms, .buttons").last.bounding_box()
        assert player["y"] < services["y"], path


# --- the share button ------------------------------------------------------------------------------------

def test_share_opens_the_phones_share_sheet_with_the_smart_link(browser, site_url):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.add_init_script("navigator.share = d => { window.shared = d; return Promise.resolve(); };"
                         "navigator.canShare = () => true;")
    page.goto(site_url + "/releases/glasshouse-hours/", wait_until="load")
    page.get_by_role("button", name="Share Glasshouse Hours").click()
    assert page.evaluate("window.shared") == {"title": "Glasshouse Hours · Nova Lights",
                                              "url": site_url + "/go/glasshouse-hours/"}
    assert page.url == site_url + "/releases/glasshouse-hours/"  # it stayed
    context.close()


def test_without_a_share_sheet_the_link_is_copied_and_said(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.add_init_script("delete Navigator.prototype.share; delete Navigator.prototype.canShare;")
    for path, name in (("/releases/glasshouse-hours/", "Share Glasshouse Hours"), ("/links/", "Share Night Drive")):
        page.goto(site_url + path, wait_until="load")
        page.get_by_role("button", name=name).click()
        page.wait_for_function("[...document.querySelectorAll('[data-share-status]')].some(s => s.textContent)")
        slug = name.removeprefix("Share ").lower().replace(" ", "-")
        assert page.evaluate("navigator.clipboard.readText()") == f"{site_url}/go/{slug}/"
        status = page.locator("[data-share-status]:not(:empty)").inner_text()
        assert status == f"Link copied: {urlsplit(site_url).netloc}/go/{slug}/"
    context.close()


def test_without_javascript_share_is_a_link_to_the_smart_link(browser, site_url):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(site_url + "/releases/glasshouse-hours/", wait_until="load")
    page.get_by_role("link", name="Share Glasshouse Hours").click()
    page.wait_for_url(site_url + "/go/glasshouse-hours/")
    assert page.locator("h1").inner_text() == "Glasshouse Hours"
    context.close()


# --- phone chrome ----------------------------------------------------------------------------------------

NAME_SHOWN = """() => {
  const name = document.querySelector('.site-header__name'), nav = document.querySelector('.site-nav');
  const words = document.createRange();
  words.selectNodeContents(name);
  const text = words.getBoundingClientRect(), box = name.getBoundingClientRect();
  const header = document.querySelector('.site-header').getBoundingClientRect();
  return {cut: text.right > box.right + 1 || text.top < header.top - 3 || text.bottom > header.bottom + 3,
          over_nav: box.right > nav.getBoundingClientRect().left + 1, header: Math.round(header.height)};
}"""


@pytest.mark.parametrize("preset", list(PRESETS))
def test_a_longer_artist_name_wraps_in_the_header_instead_of_being_cut(page, preset_urls, preset):
    """A newcomer's 'Odalys Ferrer' showed as 'ODALYS FER' on a phone in a wide heading font: the name in the
    header wraps onto a second line (a long name breaks anywhere) rather than being cut off."""
    problems = []
    for width in (320, 390):
        load(page, preset_urls[preset] + "/releases/night-drive/", width)
        for name in ("Odalys Ferrer", "Los Hermanos Quintanilla", "Kraftwerkgeschwisterorchester"):
            page.locator(".site-header__name").evaluate("(el, name) => { el.textContent = name; }", name)
            shown = page.evaluate(NAME_SHOWN)
            if shown["cut"] or shown["over_nav"] or shown["header"] > 96:
                problems.append(f"{width} px, {name!r}: {shown}")
    assert problems == [], f"{preset}: " + "; ".join(problems)


@pytest.mark.parametrize("width", [360, 390])
def test_the_nav_is_one_row_that_scrolls_sideways(page, site_url, width):
    load(page, site_url + "/stories/", width)
    header = page.locator(".site-header").bounding_box()
    assert header["height"] <= 56, f"the header is {header['height']} px tall"
    tops = page.locator(".site-nav__list a").evaluate_all("a => a.map(e => Math.round(e.getBoundingClientRect().y))")
    assert len(set(tops)) == 1, tops
    last = page.locator(".site-nav__list a").last
    last.scroll_into_view_if_needed()
    box = last.bounding_box()
    assert box["x"] + box["width"] <= width + 1  # every item can be reached
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width


@pytest.mark.parametrize("width", [360, 390])
@pytest.mark.parametrize("name", ["instagram-ios", "tiktok-android"])
def test_the_in_app_notice_is_one_compact_line_that_stays_closed(browser, site_url, width, name):
    context = browser.new_context(user_agent=IN_APP[name][1], viewport={"width": width, "height": 844})
    page = context.new_page()
    page.goto(site_url + "/links/", wait_until="load")
    notice = page.locator("#inapp")
    assert notice.is_visible()
    box = notice.bounding_box()
    assert box["height"] <= 56, f"the notice is {box['height']} px tall"
    controls = notice.locator("button:visible, a:visible").evaluate_all(
        "c => c.map(e => Math.round(e.getBoundingClientRect().top + e.getBoundingClientRect().height / 2))")
    assert max(controls) - min(controls) <= 2  # one row
    page.get_by_role("button", name="Close this notice").click()
    assert not notice.is_visible()
    page.goto(site_url + "/", wait_until="load")
    page.wait_for_load_state("networkidle")
    assert not page.locator("#inapp").is_visible()  # closed for the visit
    assert page.evaluate("document.cookie") == ""
    context.close()
