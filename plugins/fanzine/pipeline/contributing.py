"""Where the "Add your playlist" card sends fans: the hub's contributing guide (CONTRIBUTING.md).

In order: `contributing:` in artist.yml; the repository the project was cloned
from (`git remote get-url origin`: GitHub, GitLab and Codeberg addresses, in
https or ssh form); on GitHub Actions, the repository being built. When none
is known the playlists page leaves the card out rather than show a dead end.
Only the host and the repository's path are ever used: a token or user name
inside a remote's address never reaches a page.
"""
from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Mapping
from urllib.parse import urlsplit

GUIDE = "CONTRIBUTING.md"
# scp-like ssh remotes: git@github.com:owner/repo.git
SCP_LIKE = re.compile(r"^(?:[\w.-]+@)?(?P<host>[\w.-]+):(?!//)(?P<path>[^\s]+)$")
REPOSITORY_PATH = re.compile(r"^[\w.-]+(?:/[\w.-]+)+$")


def contributing_url(artist: dict, project: str, environ: Mapping[str, str] | None = None) -> str | None:
    """The address of the contributing guide, or None when nothing says where the repository is."""
    if artist.get("contributing"):
        return artist["contributing"]
    environ = os.environ if environ is None else environ
    remote = git(project, "remote", "get-url", "origin")
    if remote:
        guide = guide_url(remote, default_branch(project))
        if guide:
            return guide
    if environ.get("GITHUB_REPOSITORY"):
        server = environ.get("GITHUB_SERVER_URL", "https://github.com").rstrip("/")
        return f"{server}/{environ['GITHUB_REPOSITORY']}/blob/HEAD/{GUIDE}"
    return None


def guide_url(remote: str, branch: str = "main") -> str | None:
    """CONTRIBUTING.md on the web page of the repository at `remote`, for GitHub, GitLab and Codeberg."""
    remote = remote.strip()
    match = SCP_LIKE.match(remote) if "://" not in remote else None
    if match:
        host, path = match["host"], match["path"]
    else:
        parts = urlsplit(remote)
        if parts.scheme not in ("https", "http", "ssh", "git"):
            return None
        host, path = parts.hostname or "", parts.path
    host = host.lower()
    path = path.strip("/").removesuffix(".git")
    if not REPOSITORY_PATH.match(path):
        return None
    if host in ("github.com", "www.github.com"):
        return f"https://github.com/{path}/blob/HEAD/{GUIDE}"
    if host == "gitlab.com" or host.startswith("gitlab."):
        return f"https://{host}/{path}/-/blob/HEAD/{GUIDE}"
    if host == "codeberg.org":
        return f"https://codeberg.org/{path}/src/branch/{branch}/{GUIDE}"
    return None


def default_branch(project: str) -> str:
    """origin's default branch (main, master, trunk…), else the current one, else main."""
    head = git(project, "symbolic-ref", "--short", "refs/remotes/origin/HEAD")
    if head and "/" in head:
        return head.split("/", 1)[1]
    return git(project, "symbolic-ref", "--short", "HEAD") or "main"


def git(project: str, *args: str) -> str | None:
    """One line of git's answer in `project`, or None (no git, not a repository, no such remote)."""
    try:
        result = subprocess.run(["git", "-C", project, *args], capture_output=True, text=True, timeout=10,
                                env={**os.environ, "GIT_TERMINAL_PROMPT": "0"})
    except (OSError, subprocess.SubprocessError):
        return None
    answer = result.stdout.strip()
    return answer if result.returncode == 0 and answer else None
