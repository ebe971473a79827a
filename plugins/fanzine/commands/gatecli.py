"""The `fanzine` commands for early access: seal, open, secret and code (what `make seal` and friends run).

    fanzine secret          make the site secret once and keep it in .fanzine-secret (ignored by git)
    fanzine seal            seal every early-access page and file for git (run before committing)
    fanzine open [PAGE...]  write the plaintext of sealed pages (and their files) back, to edit them
    fanzine code            suggest strong access codes
"""
from __future__ import annotations

import difflib
import os
import stat
import sys
from pathlib import Path

from ..early import codes, sources
from ..early.sealing import SealError, is_current, open_to, plain_path, reseal, seal, sealed_path
from ..early.secret import DEVELOPMENT, SECRET_ENV, SECRET_FILE, find_secret, new_secret, secret_problem
from ..errors import FanzineError


def add_commands(commands) -> None:
    """Register the early-access subcommands on the `fanzine` parser."""
    sealing = commands.add_parser("seal", help="seal early-access pages and their files for git")
    sealing.add_argument("--content", default="content")
    sealing.add_argument("--quiet", action="store_true", help="say only what changed")
    sealing.add_argument("--development", action="store_true",
                         help="seal with the public development secret (only for the template's example pages)")
    sealing.set_defaults(run=command_seal)

    opening = commands.add_parser("open", help="open sealed early-access pages to edit them")
    opening.add_argument("pages", nargs="*", metavar="PAGE", help="page names (all when none is given)")
    opening.add_argument("--content", default="content")
    opening.set_defaults(run=command_open)

    secret = commands.add_parser("secret", help=f"make the site secret and keep it in {SECRET_FILE}")
    secret.set_defaults(run=command_secret)

    code = commands.add_parser("code", help="suggest strong access codes")
    code.add_argument("--words", type=int, default=4, choices=range(4, 9), metavar="4-8")
    code.set_defaults(run=command_code)


def sealing_secret(development: bool):
    """The secret to seal with: the artist's own (never, by accident, the public development secret)."""
    if development:
        return DEVELOPMENT
    found = find_secret()
    problem = secret_problem(found)
    if problem:
        raise FanzineError(f"Nothing was sealed: {problem.rstrip('.')}. Run `make secret` once (it keeps your "
                           f"secret in {SECRET_FILE}, which git ignores), then `make seal` again.")
    return found


def command_seal(args) -> int:
    """Seal what changed, keep git away from the plaintext, and say what to commit."""
    root = Path(args.content)
    opener = sources.use(sealing_secret(args.development))
    tracked = sources.tracked_files(root) or set()
    said = []
    if sources.write_early_gitignore(root):
        said.append(f"wrote {sources.display(root / sources.EARLY / sources.GITIGNORE)}: git ignores everything "
                    "there except sealed copies")
    ignored: dict[Path, set[str]] = {}
    counts = {"sealed": 0, "unchanged": 0}
    for plain in sources.gated_sources(root):
        outside = not sources.in_early(root, plain)
        if outside:
            ignored.setdefault(plain.parent, set())
        if outside and plain.is_file() and not sources.has_access(plain):
            said += public_again(plain)  # access: was removed: the page is public, its sealed copy goes
            continue
        if outside:
            ignored[plain.parent].add(plain.name)
        said += seal_one(opener, plain, counts)
        if plain in tracked and sources.untrack(plain):
            said.append(f"took {sources.display(plain)} out of git (it stays on your computer; its sealed copy is "
                        "committed instead)")
    for folder, names in sorted(ignored.items()):
        if sources.set_ignored(folder, names):
            said.append(f"updated {sources.display(folder / sources.GITIGNORE)}")
    for line in said:
        print(("[fanzine] " if args.quiet else "") + line)
    if not args.quiet:
        print(f"Sealed {counts['sealed']} file(s); {counts['unchanged']} unchanged. Commit the .sealed files "
              "(git add content, then commit): only sealed copies of early-access pages ever go into git.")
    return 0


def seal_one(opener, plain: Path, counts: dict) -> list[str]:
    """Seal one page or file; re-seal a copy made with the development secret; report what was done."""
    sealed = sealed_path(plain)
    shown = sources.display(plain)
    if plain.is_file():
        if seal(opener.key, plain, sealed):
            counts["sealed"] += 1
            return [f"sealed {shown} → {sealed.name}"]
        counts["unchanged"] += 1
        return []
    if opener.is_development_sealed(sealed):
        reseal(opener.development_key, opener.key, sealed, shown)
        counts["sealed"] += 1
        return [f"sealed {sealed.name} again with your secret (it was sealed with the development secret)"]
    try:
        opener.key_for(sealed, shown)
    except SealError as error:
        return [f"left as it is: {error}"]
    counts["unchanged"] += 1
    return []


def public_again(plain: Path) -> list[str]:
    sealed = sealed_path(plain)
    if not sealed.is_file():
        return []
    sealed.unlink()
    return [f"{sources.display(plain)} has no access: any more, so it is public: deleted {sealed.name} (commit "
            f"{plain.name} itself)"]


def command_open(args) -> int:
    """Write the plaintext of sealed pages (and their folders' files) next to their sealed copies."""
    root = Path(args.content)
    found = find_secret()
    opener = sources.use(found if found is not None and secret_problem(found) is None else DEVELOPMENT)
    pages = {plain.stem: plain for plain in sources.gated_sources(root)
             if sources.is_page_name(plain) and not sources.is_early_file(root, plain)}
    wanted = args.pages or sorted(pages)
    unknown = [name.removesuffix(".md") for name in wanted if name.removesuffix(".md") not in pages]
    if unknown:
        name = unknown[0]
        close = difflib.get_close_matches(name, list(pages), n=1)
        listed = ", ".join(sorted(pages)) or "none"
        hint = f"; did you mean '{close[0]}'?" if close else f" (early-access pages here: {listed})"
        raise FanzineError(f"There is no early-access page called '{name}'{hint}")
    failed = opened = 0
    for name in wanted:
        page = pages[name.removesuffix(".md")]
        folder = sources.files_folder(root, page.stem)
        files = [page] + (sorted(plain_path(p) for p in folder.rglob("*.sealed")) if folder.is_dir() else [])
        for plain in files:
            message = open_one(opener, plain)
            if message.startswith("not opened"):
                failed += 1
                print(message, file=sys.stderr)
            elif message:
                opened += 1
                print(message)
    print(f"Opened {opened} file(s). Edit them, then run `make seal` before you commit.")
    return 1 if failed else 0


def open_one(opener, plain: Path) -> str:
    sealed = sealed_path(plain)
    shown = sources.display(plain)
    if not sealed.is_file():
        return ""  # open here and never sealed: nothing to open
    try:
        key = opener.key_for(sealed, shown)
    except SealError as error:
        return f"not opened: {error}"
    if plain.is_file():
        if is_current(key, plain, sealed):
            return ""
        return (f"not opened: {shown} is already here and differs from its sealed copy, and it is never overwritten: "
                "run `make seal` to keep your version, or delete it to take the sealed one")
    open_to(key, sealed, plain)
    return f"opened {shown}"


def command_secret(args) -> int:
    """Make the site secret once; never overwrite one (sealed pages need it to open)."""
    path = Path(SECRET_FILE)
    if os.environ.get(SECRET_ENV):
        print(f"{SECRET_ENV} is set in your environment: that is the secret in use. Nothing was written.")
        return 0
    if path.exists():
        print(f"You already have a secret in {SECRET_FILE}; it is never replaced, because your sealed pages need it. "
              "To see it: cat .fanzine-secret")
        return 0
    value = new_secret()
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, stat.S_IRUSR | stat.S_IWUSR)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(value + "\n")
    print(f"""Your site secret is in {SECRET_FILE} (git ignores it):

    {value}

Now, once:
  1. Keep a copy in your password manager. Without it, sealed pages cannot be opened again.
  2. GitHub: Settings → Secrets and variables → Actions → New repository secret,
     name {SECRET_ENV}, value: the line above.
  3. Your form endpoint (docs/endpoint.md): the same value as {SECRET_ENV}.
Then run `make seal`.""")
    return 0


def command_code(args) -> int:
    bits = codes.bits_per_word() * args.words
    print(f"Access codes of {args.words} random words ({bits:.0f} bits each; a graphics card trying "
          f"{codes.GUESSES_PER_SECOND:,} a second needs {codes.time_to_guess(2 ** bits / 2)} on average):\n")
    for _ in range(5):
        print("    " + codes.suggest(args.words))
    print("\nPick one, put it in your code variable (e.g. the repository secret NIGHT_DRIVE_CODE), and share it "
          "with your fans. Make a new one for every drop.")
    return 0

