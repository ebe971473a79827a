"""Access codes that resist offline guessing: publish refuses weak ones, `fanzine code` suggests strong ones."""
from __future__ import annotations

import re

from conftest import AS_OF, copy_project, fanzine
from fanzine.early import codes


def test_a_two_digit_code_is_refused_with_its_guessing_cost():
    assert codes.weakness("42") == (
        "is too easy to guess: it takes about 101 tries. Anyone can try codes against the page on their own "
        "computer, and one graphics card tries 15,000 a second, so it falls in under a minute. Use a code that "
        "takes at least 1 trillion tries (40 bits), like four random words: `make code` suggests some")


def test_the_artists_own_words_count_as_known_to_an_attacker():
    assert codes.weakness("lamplighters-2026") is None  # looks random to a generic estimator...
    assert "is too easy to guess" in codes.weakness("lamplighters-2026", ["lamplighters"])  # ...not for this band


def test_publish_refuses_a_weak_code_and_names_the_page_and_variable_never_the_code(tmp_path):
    project = copy_project(tmp_path)
    result = fanzine("build", "--publish", "--as-of", AS_OF, cwd=project,
                     env={"STUDIO_DIARY_CODE": "lamplighters-2026"})
    assert result.returncode == 1
    assert ("content/early/studio-diary.md: access.code_env: the code in STUDIO_DIARY_CODE is too easy to guess: it "
            "takes about 10 million tries.") in result.stderr
    assert "lamplighters-2026" not in result.stderr + result.stdout  # CI logs are public


def test_a_development_build_only_warns_about_a_weak_code(tmp_path):
    project = copy_project(tmp_path)
    result = fanzine("build", "--as-of", AS_OF, cwd=project, env={"STUDIO_DIARY_CODE": "1234"})
    assert result.returncode == 0
    assert "content/early/studio-diary.md: access.code_env: warning: the code in STUDIO_DIARY_CODE is too easy" \
        in result.stderr


def test_suggested_codes_are_four_words_of_the_eff_list_and_pass_the_check(tmp_path):
    result = fanzine("code", cwd=tmp_path, check=True)
    assert result.stdout.startswith("Access codes of 4 random words (52 bits each; a graphics card trying 15,000 a "
                                    "second needs about 3,862 years on average):")
    suggested = re.findall(r"^    (\S+)$", result.stdout, re.M)
    words = set(codes.word_list())
    assert len(words) == 7776 and len(suggested) == 5 and len(set(suggested)) == 5
    for code in suggested:
        assert len(code.split("-")) == 4 and set(code.split("-")) <= words
        assert codes.weakness(code) is None
