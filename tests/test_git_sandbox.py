"""course.git_sandbox: throwaway repositories with fixed identity and dates; a seeded history."""

from __future__ import annotations

import gc
import shutil
import subprocess
import sys

import pytest

from course.git_sandbox import (
    AUTHOR,
    START,
    STEP,
    GitError,
    GitNotFoundError,
    Repo,
    build_history,
    require_git,
    snapshot,
)

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def check_exit_code(repo: Repo, commit: str) -> int:
    """Exit code of the project's check.py at `commit` (checked out, then back to main)."""
    repo.git("checkout", "--quiet", commit)
    try:
        return subprocess.run([sys.executable, "check.py"], cwd=repo.path, capture_output=True,
                              env=repo.environment(), timeout=30, check=False).returncode
    finally:
        repo.git("checkout", "--quiet", "main")


def test_require_git_names_the_missing_program_and_how_to_install_it(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty folder: no git on PATH
    with pytest.raises(GitNotFoundError, match=r"git is not installed.*git-scm\.com"):
        require_git()
    with pytest.raises(GitNotFoundError):
        Repo.new()


@needs_git
def test_require_git_returns_the_version_line():
    assert require_git().startswith("git version ")


@needs_git
def test_new_repository_is_empty_and_on_main():
    repo = Repo.new()
    assert (repo.path / ".git").is_dir()
    assert repo.git("symbolic-ref", "HEAD") == "refs/heads/main\n"
    assert repo.run("rev-parse", "--verify", "--quiet", "HEAD").returncode != 0
    assert repo.git("status", "--porcelain") == ""


@needs_git
def test_the_same_commits_get_the_same_hashes_in_every_repository():
    first, second = Repo.new(), Repo.new("elsewhere")
    hashes = [[snapshot(repo, "Add app", {"app.py": "x = 1\n"}),
               snapshot(repo, "Change app", {"app.py": "x = 2\n"})] for repo in (first, second)]
    assert hashes[0] == hashes[1]
    assert len(set(hashes[0])) == 2 and all(len(h) == 40 for h in hashes[0])


@needs_git
def test_every_commit_has_the_fixed_author_and_is_one_step_later_than_the_last():
    repo = Repo.new()
    snapshot(repo, "one", {"a.txt": "1\n"})
    repo.git("status")  # commands that write no commit do not move the clock
    snapshot(repo, "two", {"a.txt": "2\n"})
    log = repo.git("log", "--format=%an|%ae|%at|%cn|%ce|%ct").splitlines()
    name, email = AUTHOR
    assert log == [f"{name}|{email}|{START + 2 * STEP}|{name}|{email}|{START + 2 * STEP}",
                   f"{name}|{email}|{START + STEP}|{name}|{email}|{START + STEP}"]


@needs_git
def test_a_commit_behind_global_options_still_moves_the_clock():
    repo = Repo.new()
    repo.write("a.txt", "1\n")
    repo.git("add", "a.txt")
    repo.git("-c", "core.quotePath=false", "commit", "--quiet", "-m", "one")
    assert repo.commits_made == 1
    assert repo.git("log", "--format=%ct") == f"{START + STEP}\n"


@needs_git
def test_the_callers_git_config_and_git_variables_do_not_leak_in(monkeypatch, tmp_path):
    personal = tmp_path / "gitconfig"
    personal.write_text("[user]\n\tname = Mallory\n[commit]\n\tgpgSign = true\n"
                        "[core]\n\thooksPath = /nonexistent\n")
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(personal))
    monkeypatch.setenv("GIT_DIR", str(tmp_path / "not-a-repository"))
    monkeypatch.setenv("GIT_AUTHOR_NAME", "Mallory")
    monkeypatch.setenv("GIT_CONFIG_COUNT", "1")
    monkeypatch.setenv("GIT_CONFIG_KEY_0", "user.email")
    monkeypatch.setenv("GIT_CONFIG_VALUE_0", "mallory@example.com")
    repo = Repo.new()
    snapshot(repo, "signed by nobody", {"a.txt": "1\n"})
    assert repo.git("log", "--format=%an <%ae>") == f"{AUTHOR[0]} <{AUTHOR[1]}>\n"
    env = repo.environment()
    assert env["HOME"] == str(repo.home) and env["GIT_CONFIG_NOSYSTEM"] == "1"
    assert not {"GIT_DIR", "GIT_CONFIG_COUNT"} & set(env)


@needs_git
def test_git_raises_git_error_with_the_exit_code_and_gits_message():
    repo = Repo.new()
    with pytest.raises(GitError, match="no-such-branch") as raised:
        repo.git("switch", "no-such-branch")
    assert raised.value.returncode == 128
    assert raised.value.command == ("switch", "no-such-branch")
    assert "invalid reference" in raised.value.stderr


@needs_git
def test_run_returns_a_failed_process_instead_of_raising():
    done = Repo.new().run("rev-parse", "--verify", "--quiet", "HEAD")
    assert done.returncode == 1 and done.stdout == ""


@needs_git
def test_arguments_must_be_separate_strings():
    with pytest.raises(TypeError, match="strings"):
        Repo.new().git("log", "-n", 1)  # type: ignore[arg-type]


@needs_git
def test_git_reads_stdin_only_when_given_input():
    repo = Repo.new()
    repo.write("a.txt", "1\n")
    repo.git("add", "a.txt")
    repo.git("commit", "--quiet", "--file=-", input="From stdin\n")
    assert repo.git("log", "--format=%s") == "From stdin\n"


@needs_git
def test_write_read_rev_and_snapshot_deletions():
    repo = Repo.new()
    first = snapshot(repo, "add", {"app/db.py": "POOL = 5\n", "README.md": "# x\n"})
    assert repo.read("app/db.py") == "POOL = 5\n"
    second = snapshot(repo, "remove readme", delete=("README.md",))
    assert repo.rev() == second and repo.rev("HEAD~1") == first
    assert repo.git("ls-files").split() == ["app/db.py"]


@needs_git
def test_the_temporary_folder_is_removed_with_the_repository():
    repo = Repo.new()
    home = repo.home
    assert home.is_dir()
    del repo
    gc.collect()
    assert not home.exists()


@needs_git
def test_history_breaks_check_py_exactly_at_the_bad_commit_and_stays_broken():
    repo = Repo.new()
    history = build_history(repo, commits=12, bad=7, seed=3)
    assert history.first_bad == history.hashes[6]
    assert [check_exit_code(repo, history.hashes[n]) for n in (0, 5, 6, 11)] == [0, 0, 1, 1]
    assert repo.git("status", "--porcelain") == ""  # no __pycache__ and nothing else left behind


@needs_git
def test_history_is_linear_with_the_listed_subjects_oldest_first():
    repo = Repo.new()
    history = build_history(repo, commits=10, bad=4, seed=1)
    assert repo.git("rev-list", "--reverse", "HEAD").split() == list(history.hashes)
    assert repo.git("log", "--reverse", "--format=%s").splitlines() == list(history.subjects)
    assert history.subjects[0] == "Initial commit" and len(set(history.subjects)) == 10
    assert repo.rev() == history.hashes[-1] and repo.git("status", "--porcelain") == ""


@needs_git
def test_history_depends_only_on_its_arguments():
    runs = [build_history(Repo.new(), commits=8, bad=5, seed=seed) for seed in (2, 2, 9)]
    assert runs[0] == runs[1]
    assert runs[0].hashes != runs[2].hashes


@needs_git
def test_history_hides_the_culprit_among_other_commits_that_edit_pricing():
    repo = Repo.new()
    history = build_history(repo, commits=32, bad=17, seed=4)
    touching = repo.git("log", "--format=%H", "--", "pricing.py").split()
    assert history.first_bad in touching and len(touching) > 5
    assert touching[0] != history.first_bad  # the last commit to touch pricing.py is innocent


@needs_git
def test_history_continues_the_current_branch():
    repo = Repo.new()
    base = snapshot(repo, "Start", {"notes.txt": "hello\n"})
    repo.git("switch", "--quiet", "--create", "release")
    history = build_history(repo, commits=5, bad=3, seed=0)
    assert repo.git("branch", "--show-current") == "release\n"
    assert repo.rev(f"{history.hashes[0]}~1") == base
    assert repo.rev("main") == base and repo.read("notes.txt") == "hello\n"


@pytest.mark.parametrize(("commits", "bad"), [(10, 1), (10, 11), (65, 30)])
def test_history_rejects_a_culprit_outside_the_history(commits, bad):
    with pytest.raises(ValueError, match="bad"):
        build_history(Repo.__new__(Repo), commits=commits, bad=bad)


@needs_git
@pytest.mark.parametrize("bad", [2, 9, 16])
def test_git_bisect_run_with_check_py_finds_the_culprit(bad):
    repo = Repo.new()
    history = build_history(repo, commits=16, bad=bad, seed=bad)
    repo.git("bisect", "start", history.hashes[-1], history.hashes[0])
    repo.git("bisect", "run", sys.executable, "check.py")
    assert repo.rev("refs/bisect/bad") == history.first_bad
    repo.git("bisect", "reset")
