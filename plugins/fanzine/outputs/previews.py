"""Link previews on every page: what WhatsApp, iMessage, Discord and the rest show when a fan shares an address.

Every page carries Open Graph and Twitter/X tags (partials/social_meta.html,
filled in by base.html): title, description, address, and an absolute image
with its width, height and alt text. The image is, by page:

- a release and its smart link: the release's card (releases.py);
- the home and link pages: the artist's card, 1200 x 630 (avatar, name,
  tagline, accent; a campaign link page shows its own description), drawn
  once per change and cached like the release cards (socialcards.py);
- a story, playlist or page with a cover: the cover, at the size nearest
  1200 px wide; without one, the artist's card;
- everything else (listings, early access, the 404 page): the artist's card.
  Early-access pages never show their cover or words: only the title and a
  line that says what the page is.
"""
from __future__ import annotations

from pathlib import Path

from ..types import artist as artist_yml
from . import images, socialcards
from .socialcards import ProfileCard

CARD_FOLDER = "cards"  # output/cards/<hash>.jpg: named by what is drawn, so a change gets a new address
SHARE_WIDTH = 1200  # what link previews ask for


def artist_card(settings: dict, tagline: str | None = None) -> ProfileCard:
    """The artist's card; `tagline` replaces artist.yml's (a campaign link page's description)."""
    artist = settings.get("FANZINE_ARTIST", {})
    avatar = artist.get("avatar")
    return ProfileCard(
        name=artist.get("name") or settings.get("SITENAME", ""),
        tagline=tagline if tagline is not None else artist.get("tagline", ""),
        accent=artist_yml.value(settings, "accent"),
        avatar=str(Path(settings["PATH"]) / avatar) if avatar else None,
        footer=settings.get("SITEURL", "").split("://", 1)[-1].rstrip("/"),
    )


def card_path(card: ProfileCard) -> str:
    return f"{CARD_FOLDER}/{card.key()[:16]}.jpg"


def card_preview(settings: dict, card: ProfileCard) -> dict:
    """The image fields of partials/social_meta.html for an artist's card."""
    alt = f"{card.name}" + (f": {card.tagline}" if card.tagline else "")
    return {"image": absolute(settings, card_path(card)), "image_type": "image/jpeg", "image_width": socialcards.WIDTH,
            "image_height": socialcards.HEIGHT, "image_alt": alt, "card": card}


def cover_preview(content_path: str, output_path: str, cache_path: str, siteurl: str, relative: str | None,
                  alt: str = "") -> dict | None:
    """The image fields for a cover (the variant nearest 1200 px wide), or None when there is none to share.

    A Jinja filter (`cover | cover_preview(alt)`); SVG and GIF covers are not
    shown by link previews, so those pages fall back to the artist's card.
    """
    if not relative:
        return None
    picture = images.picture(content_path, output_path, cache_path, relative)
    if picture is None or not picture.srcset:
        return None
    wide_enough = [v for v in picture.srcset if v.width >= SHARE_WIDTH]
    variant = wide_enough[0] if wide_enough else picture.srcset[-1]
    return {"image": f"{siteurl.rstrip('/')}/{variant.url}", "image_type": picture.mime, "image_width": variant.width,
            "image_height": variant.height, "image_alt": alt}


def absolute(settings: dict, path: str) -> str:
    return f"{settings.get('SITEURL', '').rstrip('/')}/{path}"


def configure(settings: dict) -> None:
    """The site's own preview (the artist's card), for every page that has no better picture."""
    settings["SITE_PREVIEW"] = card_preview(settings, artist_card(settings))


class PreviewCardsGenerator:
    """A Pelican generator that writes the artist's cards (home and link pages) into output/cards/."""

    def __init__(self, context, settings, path, theme, output_path, *args, **kwargs):
        self.context, self.settings, self.output_path = context, settings, output_path

    def generate_context(self) -> None:
        pass

    def generate_output(self, writer) -> None:
        cards = {card_path(p["card"]): p["card"] for p in self.previews()}
        for path, card in sorted(cards.items()):
            socialcards.write_card(card, self.settings["CACHE_PATH"], Path(self.output_path) / path)

    def previews(self) -> list[dict]:
        found = [self.settings["SITE_PREVIEW"]]
        found += [page.preview for page in self.context.get("links", []) if getattr(page, "preview", None)]
        return found


def get_generators(pelican) -> type:
    return PreviewCardsGenerator
