"""docs/first-afternoon.md cannot rot: every shell command it shows runs, in order, on a fresh clone.

The guide's ```sh blocks run in one bash session (so `SECRET=...` carries over),
and its file blocks (```yaml file=content/artist.yml, `append` to add to one)
are written where they say, as the artist would with an editor. Stand-ins on
this computer replace what needs the internet:

- GitHub: a bare repository made from this working tree (the template as it is,
  its content/ the example hub) is what `git clone` fetches and `git push` sends to;
- `vercel`, `gh` and `npm install --global vercel`: small scripts that record what
  they are asked and answer as the real tools do;
- `make serve`: started, asked for its home page, then stopped (Ctrl+C).

To stay quick, the clone borrows this project's .venv and node_modules (symlinks)
and dates its dependency lists in the past, so `make` sees them as installed; the
clone's own plugins/ are put first on PYTHONPATH, so its code is what runs.
"""
from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import textwrap
from pathlib import Path

import pytest
from PIL import Image

from conftest import EXAMPLE, IN_CI, ROOT

GUIDE = ROOT / "docs" / "first-afternoon.md"
FENCE = re.compile(r"^```(\w+)([^\n]*)\n(.*?)^```\s*$", re.M | re.S)
CLONE_URL = "https://github.com/YOUR-GITHUB-NAME/my-hub.git"
AS_OF = "2026-02-20"  # two weeks before the guide's release day: upcoming, and its demos page locked
VERCEL_URL = "https://glass-harbour-forms.vercel.app"

FAKES = {
    "vercel": f"""#!/bin/sh
echo "vercel $*" >> "$STAND_INS"
case "$1" in
  env) printf 'env %s=%s\\n' "$3" "$(cat)" >> "$STAND_INS"; echo "Added Environment Variable $3 to Project";;
  deploy) echo "Production: {VERCEL_URL} [3s]";;
esac
""",
    "gh": """#!/bin/sh
echo "gh $*" >> "$STAND_INS"
[ "$1 $2" = "secret set" ] && printf 'secret %s=%s\\n' "$3" "$(cat)" >> "$STAND_INS"
echo "Set Actions secret $3 for you/my-hub"
""",
    "npm": """#!/bin/sh
echo "npm $*" >> "$STAND_INS"
[ "$*" = "install --global vercel" ] && exit 0
echo "npm is a stand-in in this test: only 'npm install --global vercel' is expected" >&2; exit 1
""",
}

SERVE_BRIEFLY = """
serve_briefly() {  # `make serve`: wait for the home page, keep it, stop the server and its builds
  # (SIGTERM to the whole group: a script's background jobs ignore SIGINT, Ctrl+C's signal)
  SERVED=$((SERVED + 1))
  setsid make serve PORT="$PORT" > "$LOGS/serve-$SERVED.log" 2>&1 &
  local pid=$!
  python3 - "$PORT" "$LOGS/serve-$SERVED.html" <<'PY'
import sys, time, urllib.request
for _ in range(240):
    try:
        page = urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/", timeout=5).read()
        open(sys.argv[2], "wb").write(page)
        break
    except OSError:
        time.sleep(0.5)
else:
    sys.exit("make serve did not answer")
PY
  kill -TERM -- "-$pid"; wait "$pid" || true
}
SERVED=0
"""


def guide_steps() -> list[tuple[str, str, str]]:
    """(language, the rest of the fence's first line, body) of each fenced block, in order."""
    return [(lang, info.strip(), body) for lang, info, body in FENCE.findall(GUIDE.read_text(encoding="utf-8"))]


def as_script(steps, clone: Path) -> str:
    """The guide as one bash script: commands as written, file blocks as edits."""
    lines = []
    for lang, info, body in steps:
        if lang == "sh":
            for command in body.strip().splitlines():
                if command.startswith("git clone "):
                    assert CLONE_URL in command, command
                    command = command.replace(CLONE_URL, '"$ORIGIN"')
                    lines += [command, f'ln -s "{ROOT}/.venv" {clone.name}/.venv',
                              f'ln -s "{ROOT}/node_modules" {clone.name}/node_modules',
                              f'touch -d 2000-01-01 {clone.name}/pyproject.toml {clone.name}/constraints.txt '
                              f'{clone.name}/package.json {clone.name}/package-lock.json']
                elif command.strip() == "make serve":
                    lines.append("serve_briefly")
                else:
                    lines.append(command)
        elif "file=" in info:
            target = re.search(r"file=(\S+)", info).group(1)
            mode = ">>" if info.split()[-1] == "append" else ">"
            lines += [f'mkdir -p "$(dirname {target})"', f"cat {mode} {target} <<'GUIDE_FILE'", body.rstrip("\n"),
                      "GUIDE_FILE"]
    return "\n".join(lines) + "\n"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def template_origin(tmp: Path) -> Path:
    """The GitHub repository the artist forks: this working tree as it is, with the example hub in content/."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, check=True).stdout.decode().split("\0")
    tree = tmp / "template"
    for name in listed:
        if name and not name.startswith("content/") and (ROOT / name).is_file():
            (tree / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, tree / name)
    shutil.copytree(EXAMPLE, tree / "content")
    git = ["git", "-c", "user.name=Fanzine", "-c", "user.email=fanzine@localhost"]
    subprocess.run(git + ["init", "-q", "-b", "main"], cwd=tree, check=True)
    subprocess.run(git + ["add", "-A"], cwd=tree, check=True)
    subprocess.run(git + ["commit", "-qm", "The Fanzine template"], cwd=tree, check=True)
    origin = tmp / "origin.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(tree), str(origin)], check=True)
    return origin


def picture(path: Path, colour: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (800, 800), colour).save(path, "JPEG", quality=80)


def installed_stamp() -> Path:
    """The Makefile's mark that .venv matches pyproject.toml and constraints.txt. Without it, the clone's first
    `make` would reinstall into the borrowed .venv and point this project's own `fanzine` at the clone."""
    sums = subprocess.run("cat pyproject.toml constraints.txt | cksum", shell=True, cwd=ROOT, capture_output=True,
                          text=True, check=True).stdout.split()[0]
    return ROOT / ".venv" / f".installed-{sums}"


@pytest.fixture(scope="module")
def afternoon(tmp_path_factory):
    """Follow the guide from start to end; what it left behind."""
    needed = [ROOT / ".venv" / "bin" / "python", ROOT / "node_modules" / ".installed", Path("/usr/bin/git"),
              installed_stamp()]
    missing = [str(p) for p in needed if not p.exists()]
    if missing or not (ROOT / ".git").exists():
        if IN_CI:
            pytest.fail(f"CI=true but {missing or 'the git repository'} missing")
        pytest.skip(f"needs {missing or 'a git checkout'} (make test installs them)")
    tmp = tmp_path_factory.mktemp("afternoon")
    home, work, logs, fakes = (tmp / name for name in ("home", "work", "logs", "bin"))
    for folder in (home, work, logs, fakes):
        folder.mkdir()
    picture(home / "Pictures" / "glass-harbour.jpg", "#1f6fb2")
    picture(home / "Pictures" / "first-light-cover.jpg", "#0b1d2e")
    for name, text in FAKES.items():
        (fakes / name).write_text(text)
        (fakes / name).chmod(0o755)
    clone = work / "my-hub"
    script = "set -euo pipefail\n" + SERVE_BRIEFLY + as_script(guide_steps(), clone)
    (logs / "guide.sh").write_text(script)
    env = {
        "PATH": f"{fakes}:{os.environ['PATH']}", "HOME": str(home), "LANG": "C.UTF-8", "TZ": "Europe/London",
        "ORIGIN": str(template_origin(tmp)), "STAND_INS": str(logs / "stand-ins.log"), "LOGS": str(logs),
        "PORT": str(free_port()), "AS_OF": AS_OF,  # make passes it to every build as FANZINE_AS_OF
        "CI": os.environ.get("CI", ""),
        "PYTHONPATH": f"{clone / 'plugins'}:{clone}",
        "GIT_AUTHOR_NAME": "Ines Calder", "GIT_AUTHOR_EMAIL": "ines@glassharbour.band",
        "GIT_COMMITTER_NAME": "Ines Calder", "GIT_COMMITTER_EMAIL": "ines@glassharbour.band",
    }
    for name in ("CHROMIUM", "JAVA_HOME"):
        if os.environ.get(name):
            env[name] = os.environ[name]
    result = subprocess.run(["bash", str(logs / "guide.sh")], cwd=work, env=env, capture_output=True, text=True,
                            timeout=600)
    return {"result": result, "clone": clone, "logs": logs, "origin": Path(env["ORIGIN"])}


def test_every_command_of_the_guide_runs(afternoon):
    result = afternoon["result"]
    assert result.returncode == 0, textwrap.shorten(result.stdout, 3000) + "\n" + result.stderr[-6000:]


def test_the_guide_shows_the_steps_in_the_issue_s_order():
    text = GUIDE.read_text(encoding="utf-8")
    headings = re.findall(r"^## (.+)$", text, re.M)
    assert headings == ["1. Your own copy", "2. Start fresh", "3. Your name, colour and links", "4. Your first release",
                        "5. Put it online", "6. Early access, with the form endpoint on Vercel", "Where next"]
    commands = [line for lang, _info, body in guide_steps() if lang == "sh" for line in body.strip().splitlines()]
    assert commands[:3] == [f"git clone {CLONE_URL} my-hub", "cd my-hub", "make serve"]
    assert 'make start NAME="Glass Harbour"' in commands and "make site-check" in commands
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_doc_link = re.search(r"\]\((docs/[\w.-]+\.md)", readme).group(1)
    assert first_doc_link == "docs/first-afternoon.md"


def test_make_serve_showed_the_example_then_the_artist_s_release(afternoon):
    logs = afternoon["logs"]
    first, second = (logs / "serve-1.html").read_text(), (logs / "serve-2.html").read_text()
    assert "Nova Lights" in first
    assert "Glass Harbour" in second and "First Light" in second and "Nova Lights" not in second


def test_the_endpoint_and_github_got_the_same_secret(afternoon):
    said = (afternoon["logs"] / "stand-ins.log").read_text().splitlines()
    vercel = [line for line in said if line.startswith("env FANZINE_GATE_SECRET=")]
    github = [line for line in said if line.startswith("secret FANZINE_GATE_SECRET=")]
    assert len(vercel) == len(github) == 1
    secret = vercel[0].split("=", 1)[1]
    assert github[0].split("=", 1)[1] == secret and len(secret) >= 32
    assert "env FANZINE_ALLOWED_ORIGINS=https://YOUR-GITHUB-NAME.github.io" in said
    assert said.index("npm install --global vercel") < said.index("vercel deploy --prod")


def test_the_published_site_is_the_artist_s_with_the_early_page_sealed_for_the_endpoint(afternoon):
    output = afternoon["clone"] / "output"
    home = (output / "index.html").read_text()
    assert "Glass Harbour" in home and "Slow songs from a ferry town" in home and "Nova Lights" not in home
    release = (output / "releases" / "first-light" / "index.html").read_text()
    assert "days to go" in release  # upcoming on the guide's AS_OF
    early = (output / "early" / "first-light-demos" / "index.html").read_text()
    assert f'"endpoint":"{VERCEL_URL}/api/unlock"' in early
    assert "phone recording from the ferry" not in early  # sealed
    assert "https://YOUR-GITHUB-NAME.github.io/my-hub/" in home


def test_both_pushes_reached_the_artist_s_repository(afternoon):
    log = subprocess.run(["git", "--git-dir", str(afternoon["origin"]), "log", "--format=%s", "main"],
                         capture_output=True, text=True, check=True).stdout.splitlines()
    assert log == ["First Light demos, for the list", "Glass Harbour's hub", "The Fanzine template"]
    files = subprocess.run(["git", "--git-dir", str(afternoon["origin"]), "ls-tree", "-r", "--name-only", "main",
                            "content"], capture_output=True, text=True, check=True).stdout.split()
    assert sorted(files) == ["content/artist.yml", "content/early/.gitignore",
                             "content/early/first-light-demos.md.sealed", "content/images/avatar.jpg",
                             "content/images/first-light.jpg", "content/links/index.md",
                             "content/playlists/_template.md", "content/releases/first-light.md"]
    history = subprocess.run(["git", "--git-dir", str(afternoon["origin"]), "log", "-p", "--all", "--", "content"],
                             capture_output=True, text=True, check=True).stdout  # (the guide itself quotes the page)
    assert "First Light demos" in history and "phone recording from the ferry" not in history  # sealed in git


def test_the_site_check_passed_on_the_artist_s_hub(afternoon):
    assert "Audit passed: links, Nu HTML, axe, feeds, JSON-LD all clean." in afternoon["result"].stdout
