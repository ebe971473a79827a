"""The artist's deploy checks the artist's site: the workflow's shape, which pushes run the engine's tests,
and early-access codes reaching the build through one JSON variable (never a line per code)."""
from __future__ import annotations

import base64
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from conftest import AS_OF, ROOT, copy_project, fanzine
from fanzine.early.environment import build_environment
from fanzine.early.gate import code_key
from fanzine.errors import FanzineError

WORKFLOW = ROOT / ".github" / "workflows" / "site.yml"


@pytest.fixture(scope="module")
def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def runs(job: dict) -> list[str]:
    return [step.get("run", "") for step in job["steps"]]


def test_the_workflow_is_valid_yaml_with_its_triggers_and_jobs(workflow):
    assert set(workflow[True]) == {"push", "pull_request", "schedule", "workflow_dispatch"}  # YAML 1.1: on → True
    assert set(workflow["jobs"]) == {"check", "site", "changes", "engine", "deploy"}
    for name, job in workflow["jobs"].items():
        assert job["runs-on"] == "ubuntu-latest", name
        assert all("uses" in step or "run" in step for step in job["steps"]), name


def test_the_site_s_own_checks_gate_the_deploy(workflow):
    jobs = workflow["jobs"]
    assert jobs["site"]["needs"] == "check"
    assert "make site-check" in runs(jobs["site"])
    assert any("make check PUBLISH=1" in run for run in runs(jobs["check"]))
    build = {step.get("run"): step.get("if") for step in jobs["site"]["steps"]
             if step.get("run", "").startswith("make ")}
    assert build == {"make poll-results": "github.event_name != 'pull_request'",
                     "make site-check": None, "make html": "github.event_name == 'pull_request'",
                     "make publish": "github.event_name != 'pull_request'"}
    deploy = jobs["deploy"]
    assert deploy["needs"] == ["site", "changes", "engine"]
    condition = " ".join(deploy["if"].split())
    for part in ("github.ref == 'refs/heads/main'", "github.event_name != 'pull_request'",
                 "needs.site.result == 'success'", "needs.changes.result == 'success'",
                 "(needs.engine.result == 'success' || needs.engine.result == 'skipped')"):
        assert part in condition


def test_ci_keeps_only_the_caches_named_by_their_inputs(workflow):
    """Pictures, cards and cut fonts are named by a hash of what made them, so an old copy is never wrong;
    Pelican's and the check's caches go by file times, which a checkout resets: never restored."""
    cached = [step["with"] for step in workflow["jobs"]["site"]["steps"]
              if step.get("uses", "").startswith("actions/cache")]
    assert len(cached) == 1
    assert cached[0]["path"].split() == [".fanzine-cache/images", ".fanzine-cache/cards", ".fanzine-cache/fonts"]
    for code in ("outputs/images.py", "outputs/socialcards.py", "theme/fonts.py"):  # their VERSIONs live there
        assert f"plugins/fanzine/{code}" in cached[0]["key"]
    sys.path.insert(0, str(ROOT / "scripts"))
    import bench  # make bench's "restored" build keeps what CI restores

    assert [path.split("/")[-1] for path in cached[0]["path"].split()] == list(bench.RESTORED)


def test_a_cjk_font_is_installed_only_for_content_that_needs_it_and_never_stops_the_deploy(workflow, tmp_path):
    step = next(step for step in workflow["jobs"]["site"]["steps"] if "fonts-noto-cjk" in step.get("run", ""))
    assert step["continue-on-error"] is True  # without the font the pictures leave those words out
    condition = step["run"].splitlines()[0]
    assert condition.startswith("if ") and condition.endswith("; then")
    test = condition.removeprefix("if ").removesuffix("; then")
    for words, needed in (("title: Night Drive, café, Ночной город", False), ("title: 夜のドライブ", True),
                          ("title: 我们的演出", True), ("title: 첫 공연", True)):
        (tmp_path / "content").mkdir(exist_ok=True)
        (tmp_path / "content" / "a.md").write_text(words + "\n", encoding="utf-8")
        found = subprocess.run(["bash", "-c", test], cwd=tmp_path).returncode == 0
        assert found == needed, words


def test_the_engine_s_tests_run_only_when_the_engine_changes(workflow):
    engine = workflow["jobs"]["engine"]
    assert engine["needs"] == "changes" and engine["if"] == "needs.changes.outputs.engine == 'true'"
    assert runs(engine)[-1] == "bash .ci/run"


def test_no_secret_needs_its_own_line_and_pull_requests_get_none(workflow):
    text = WORKFLOW.read_text(encoding="utf-8")
    used = set(re.findall(r"secrets\.(\w+)", text))
    assert used == {"FANZINE_GATE_SECRET"}
    env = workflow["jobs"]["site"]["env"]
    assert env["FANZINE_SECRETS"] == "${{ github.event_name != 'pull_request' && toJSON(secrets) || '' }}"
    assert env["FANZINE_GATE_SECRET"] == ("${{ github.event_name != 'pull_request' && secrets.FANZINE_GATE_SECRET "
                                          "|| '' }}")
    # secrets reach the site job only: not the content check, not the engine's tests
    for name in ("check", "changes", "engine"):
        assert "secrets" not in json.dumps(workflow["jobs"][name])



# --- a fork's first push: still the example band (.ci/still-example) ------------------------------

def still_example(project: Path) -> tuple[str, str]:
    result = subprocess.run(["bash", str(project / ".ci" / "still-example")], capture_output=True, text=True,
                            env={"PATH": "/usr/bin:/bin"}, check=True)
    return result.stdout.strip(), result.stderr.strip()


def test_a_fork_s_first_push_says_make_start_and_deploys_nothing(workflow, tmp_path):
    """Until the artist starts fresh, content/ is the example: the check says what to do, nothing is built."""
    jobs = workflow["jobs"]
    assert jobs["check"]["outputs"]["example"] == "${{ steps.example.outputs.example }}"
    assert jobs["site"]["if"] == "needs.check.outputs.example != 'true'"  # and deploy needs site's success
    assert all(step.get("if") == "steps.example.outputs.example != 'true'" for step in jobs["check"]["steps"][2:])
    project = copy_project(tmp_path / "hub")
    (project / ".ci").mkdir()
    (project / ".ci" / "still-example").write_bytes((ROOT / ".ci" / "still-example").read_bytes())
    shutil.copytree(project / "content", project / "examples" / "nova-lights")
    answer, notice = still_example(project)
    assert answer == "example=true"
    assert notice.startswith("content/ is still the example band (Nova Lights): run make start NAME=")
    fanzine("start", "Glass Harbour", cwd=project, check=True)
    assert still_example(project) == ("example=false", "")


# --- which pushes run the engine's tests (.ci/engine-changed) -------------------------------------

def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True,
                          env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
                               "GIT_COMMITTER_EMAIL": "t@t", "PATH": "/usr/bin:/bin"}).stdout.strip()


def commit(repo: Path, files: dict[str, str]) -> str:
    for name, text in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "change")
    return git(repo, "rev-parse", "HEAD")


@pytest.fixture
def repo(tmp_path) -> Path:
    (tmp_path / ".ci").mkdir()
    (tmp_path / ".ci" / "engine-changed").write_bytes((ROOT / ".ci" / "engine-changed").read_bytes())
    git(tmp_path, "init", "-q")
    commit(tmp_path, {"content/artist.yml": "name: A\n", "plugins/fanzine/x.py": "x = 1\n"})
    return tmp_path


def engine_changed(repo: Path, **env: str) -> tuple[str, str]:
    result = subprocess.run(["bash", str(repo / ".ci" / "engine-changed")], capture_output=True, text=True,
                            env={"PATH": "/usr/bin:/bin", **env}, check=True)
    return result.stdout.strip(), result.stderr.strip()


def test_a_content_only_push_skips_the_engine_s_tests(repo):
    before = git(repo, "rev-parse", "HEAD")
    commit(repo, {"content/releases/new.md": "---\n", "overrides/partials/footer.html": "x"})
    assert engine_changed(repo, EVENT="push", BEFORE=before) == (
        "engine=false", "only content/ and overrides/ changed: the site's own checks decide")


def test_an_engine_push_runs_them(repo):
    before = git(repo, "rev-parse", "HEAD")
    commit(repo, {"content/artist.yml": "name: B\n", "themes/fanzine/templates/base.html": "x"})
    assert engine_changed(repo, EVENT="push", BEFORE=before) == (
        "engine=true", "changed outside content/ and overrides/: themes/fanzine/templates/base.html")


def test_a_pull_request_compares_with_its_base(repo):
    base = git(repo, "rev-parse", "HEAD")
    commit(repo, {"content/playlists/songs.md": "---\n"})
    assert engine_changed(repo, EVENT="pull_request", BASE=base)[0] == "engine=false"
    commit(repo, {"tests/test_x.py": ""})
    assert engine_changed(repo, EVENT="pull_request", BASE=base)[0] == "engine=true"


@pytest.mark.parametrize("env, expected", [
    ({"EVENT": "schedule"}, "engine=false"),
    ({"EVENT": "workflow_dispatch"}, "engine=true"),
    ({"EVENT": "push", "BEFORE": "0" * 40}, "engine=true"),  # a new branch
    ({"EVENT": "push", "BEFORE": "1234567890abcdef1234567890abcdef12345678"}, "engine=true"),  # history rewritten
])
def test_when_there_is_nothing_to_compare(repo, env, expected):
    assert engine_changed(repo, **env)[0] == expected


# --- every early-access code through one variable ---------------------------------------------------

def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def open_with_code(page_html: str, code: str) -> str:
    """What the fan's browser does (theme/js/gate.js): the code's key unwraps the page key, which opens the body."""
    sealed = json.loads(re.search(r'<script id="gate-data" type="application/json">(.*?)</script>', page_html,
                                  re.S).group(1).replace("<\\/", "</"))
    aad = f"fanzine-gate-v{sealed['v']}:{sealed['page']}".encode()
    wrapped = unb64(sealed["code"]["wrapped"])
    key = code_key(code, unb64(sealed["code"]["salt"]))
    page_key = AESGCM(key).decrypt(wrapped[:12], wrapped[12:], aad + b":code")
    body = unb64(sealed["body"])
    return AESGCM(page_key).decrypt(body[:12], body[12:], aad).decode()


def test_a_code_in_the_secrets_bundle_seals_its_page(tmp_path):
    project = copy_project(tmp_path)
    bundle = json.dumps({"STUDIO_DIARY_CODE": "from-the-bundle-2026", "github_token": "ghs_not_used",
                         "FANZINE_GATE_SECRET": "bundle-secret-0123456789-abcdefghij-KLMNOP"})
    result = fanzine("build", "--publish", "--as-of", AS_OF, cwd=project,
                     env={"SITEURL": "https://novalights.example", "STUDIO_DIARY_CODE": "",
                          "FANZINE_GATE_SECRET": "", "FANZINE_SECRETS": bundle})
    assert result.returncode == 0, result.stderr
    page = (project / "output" / "early" / "studio-diary" / "index.html").read_text(encoding="utf-8")
    assert "keeping notes as album two comes together" in open_with_code(page, "from-the-bundle-2026")
    with pytest.raises(InvalidTag):
        open_with_code(page, "lamplighters-2026")  # conftest's code, which this build did not get
    for path in (project / "output").rglob("*"):
        if path.is_file():
            assert b"from-the-bundle-2026" not in path.read_bytes() and b"ghs_not_used" not in path.read_bytes()


def test_a_variable_of_its_own_wins_over_the_bundle():
    environ = {"FANZINE_SECRETS": json.dumps({"A_CODE": "bundle", "B_CODE": "bundle", "bad name": "x", "N": 5}),
               "A_CODE": "own", "B_CODE": ""}
    merged = build_environment(environ)
    assert (merged["A_CODE"], merged["B_CODE"]) == ("own", "bundle")  # an empty variable does not hide the bundle
    assert "bad name" not in merged and "N" not in merged and "FANZINE_SECRETS" not in merged


@pytest.mark.parametrize("raw", ["not json {", "[1, 2]", '"a string"'])
def test_a_broken_bundle_is_named_without_showing_it(raw, tmp_path):
    with pytest.raises(FanzineError) as caught:
        build_environment({"FANZINE_SECRETS": raw})
    assert str(caught.value) == ('FANZINE_SECRETS: expected a JSON object of secrets like {"NIGHT_DRIVE_CODE": "..."} '
                                 "(in GitHub Actions: ${{ toJSON(secrets) }}), got something that is not one")
    result = fanzine("build", "--publish", "--as-of", AS_OF, cwd=copy_project(tmp_path),
                     env={"FANZINE_SECRETS": "s3cr3t-value {", "SITEURL": "https://novalights.example"})
    assert result.returncode == 1 and "FANZINE_SECRETS: expected a JSON object" in result.stderr
    assert "s3cr3t-value" not in result.stderr + result.stdout and "Traceback" not in result.stderr


def test_ci_runs_the_suite_after_starting_fresh_and_renaming_the_artist():
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    order = [script.index(step) for step in ('make start NAME="Glass Harbour"', "name: Glass Harbour Tides",
                                             "make site-check", "make test", "make audit")]
    assert order == sorted(order)
