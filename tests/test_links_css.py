"""cssprune.py: the link pages' stylesheet is the theme's, cut down to the classes the link pages use."""
from __future__ import annotations

from fanzine.theme import cssprune


def test_rules_for_classes_the_pages_use_are_kept_and_minified():
    css = "/* buttons */\n.button { color: red;  padding: 0 1rem; }\n.card { margin: 0 }\n"
    assert cssprune.prune(css, {"button"}) == ".button{color:red;padding:0 1rem}"


def test_a_selector_list_keeps_only_the_selectors_that_can_match():
    css = ".hero__avatar, .linkpage__avatar { width: 6rem }"
    assert cssprune.prune(css, {"linkpage__avatar"}) == ".linkpage__avatar{width:6rem}"


def test_every_class_of_a_selector_must_be_used():
    css = ".page--links .main { max-width: 34rem } .page--go .main { max-width: 26rem }"
    assert cssprune.prune(css, {"page--links", "main"}) == ".page--links .main{max-width:34rem}"


def test_element_and_root_rules_are_always_kept():
    css = ":root { --bg: #fff } *, *::before { box-sizing: border-box } a:hover { text-decoration-thickness: 2px }"
    assert cssprune.prune(css, set()) == \
        ":root{--bg:#fff}*,*::before{box-sizing:border-box}a:hover{text-decoration-thickness:2px}"


def test_media_blocks_are_pruned_inside_and_dropped_when_empty():
    css = ("@media (prefers-color-scheme: dark) { :root { --bg: #000 } .gate { color: red } }\n"
           "@media (min-width: 40rem) { .grid { display: grid } }")
    assert cssprune.prune(css, set()) == "@media (prefers-color-scheme: dark){:root{--bg:#000}}"


def test_classes_inside_not_are_not_needed_and_is_where_are_kept():
    css = ".inapp:not(.inapp--quiet) { display: grid } :is(.a, .b) .c { color: red } .x:has(.y) { margin: 0 }"
    assert cssprune.prune(css, {"inapp"}) == ".inapp:not(.inapp--quiet){display:grid}:is(.a, .b) .c{color:red}"


def test_values_with_colons_and_commas_survive():
    css = ".a { background: url(https://x.example/a.png), linear-gradient(red, blue); font: 1rem/1.6 var(--font) }"
    assert cssprune.prune(css, {"a"}) == \
        ".a{background:url(https://x.example/a.png), linear-gradient(red, blue);font:1rem/1.6 var(--font)}"


def test_other_at_rules_are_kept_whole():
    css = "@keyframes pulse { from { opacity: 1 } to { opacity: 0.5 } } .b { color: red }"
    assert cssprune.prune(css, set()) == "@keyframes pulse{from { opacity: 1 } to { opacity: 0.5 }}"


def test_classes_come_from_the_html_and_from_the_scripts_strings():
    html = '<a class="link-button link-button--highlight" href="/">x</a><div class="inapp" hidden></div>'
    assert cssprune.classes_in_html(html) == {"link-button", "link-button--highlight", "inapp"}
    script = 'frame.className = "embed__frame"; box.classList.add("embed--playing"); s = "a " + (x ? " b--error" : "")'
    assert {"embed__frame", "embed--playing", "b--error"} <= cssprune.classes_in_script(script)
