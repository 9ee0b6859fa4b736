"""Throwaway git repositories with a fixed identity and clock, so exercises get the same hashes."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

AUTHOR = ("Ada Lovelace", "ada@example.com")  # every commit's author and committer
START = 1_767_225_600  # 2026-01-01T00:00:00Z; the n-th commit is dated START + n * STEP
STEP = 60
TIMEOUT_S = 60  # no git command in an exercise takes more than a second
INSTALL_HINT = ("git is not installed (or not on the PATH of this Jupyter kernel). Install it "
                "from https://git-scm.com/downloads, then restart the kernel and run the setup "
                "cell again.")
# Subcommands that may write a commit (or a tag, or a stash): each moves the clock one STEP.
_WRITES = frozenset({"am", "cherry-pick", "commit", "merge", "notes", "pull", "rebase", "revert",
                     "stash", "tag"})
# Carried over from the caller's environment: what any process needs to start (Windows included).
_KEEP = ("PATH", "SYSTEMROOT", "COMSPEC", "PATHEXT", "TEMP", "TMP", "TMPDIR", "WINDIR")
_CONFIG = ("init.defaultBranch=main", "core.autocrlf=false", "core.fsmonitor=false",
           "gc.auto=0", "maintenance.auto=false", "commit.gpgSign=false", "color.ui=false",
           "advice.detachedHead=false", "merge.conflictStyle=merge")


class GitNotFoundError(RuntimeError):
    """The `git` program is not installed or not on PATH."""

    def __init__(self) -> None:
        super().__init__(INSTALL_HINT)


class GitError(RuntimeError):
    """A git command exited with an error; `returncode`, `stdout` and `stderr` say how."""

    def __init__(self, args: tuple[str, ...], returncode: int, stdout: str, stderr: str) -> None:
        self.command, self.returncode, self.stdout, self.stderr = args, returncode, stdout, stderr
        details = (stderr.strip() or stdout.strip() or "(no output)")
        super().__init__(f"git {' '.join(args)} failed with exit code {returncode}:\n{details}")


def require_git() -> str:
    """The installed git's version line, e.g. 'git version 2.39.5'; GitNotFoundError without git."""
    executable = shutil.which("git")
    if executable is None:
        raise GitNotFoundError()
    done = subprocess.run([executable, "--version"], capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=TIMEOUT_S, check=False)
    if done.returncode != 0:
        raise GitNotFoundError()
    return done.stdout.strip()


class Repo:
    """A git repository in its own temporary folder, removed when the object is garbage-collected.

    `repo.git(*args)` runs `git <args>` inside it and returns stdout exactly as git printed it
    (trailing newline included); a failing command raises GitError with git's message.
    """

    def __init__(self, path: Path, home: Path) -> None:
        self.path = path
        self.home = home  # HOME for git: an empty folder, so no one's personal config leaks in
        self.commits_made = 0  # commit-writing commands run so far: the clock of this repository
        self._folder: tempfile.TemporaryDirectory[str] | None = None

    @classmethod
    def new(cls, name: str = "project") -> Repo:
        """An empty repository on branch `main` in a fresh temporary folder."""
        require_git()
        folder = tempfile.TemporaryDirectory(prefix="course-git-", ignore_cleanup_errors=True)
        home = Path(folder.name).resolve()
        repo = cls(home / name, home)
        repo._folder = folder
        repo.path.mkdir()
        repo.git("init", "--quiet")
        repo.git("symbolic-ref", "HEAD", "refs/heads/main")  # any git version: main, not master
        return repo

    def environment(self) -> dict[str, str]:
        """The whole environment git runs with: fixed identity and date, no user/system config."""
        env = {name: os.environ[name] for name in _KEEP if name in os.environ}
        name, email = AUTHOR
        date = f"{START + STEP * self.commits_made} +0000"
        env.update({
            "HOME": str(self.home), "XDG_CONFIG_HOME": str(self.home / ".config"),
            "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email, "GIT_AUTHOR_DATE": date,
            "GIT_COMMITTER_NAME": name, "GIT_COMMITTER_EMAIL": email, "GIT_COMMITTER_DATE": date,
            "GIT_EDITOR": "true", "GIT_MERGE_AUTOEDIT": "no", "GIT_PAGER": "cat", "PAGER": "cat",
            "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C", "LANG": "C", "TZ": "UTC",
            "PYTHONDONTWRITEBYTECODE": "1",  # scripts run by `git bisect run` leave no .pyc behind
        })
        env.setdefault("PATH", os.defpath)
        return env

    def run(self, *args: str, input: str | None = None) -> subprocess.CompletedProcess[str]:
        """Run `git <args>` in the repository and return the finished process; never raises on a
        non-zero exit code (look at `.returncode`, `.stdout`, `.stderr`)."""
        if not all(isinstance(arg, str) for arg in args):
            raise TypeError(f"git arguments must be strings, got {args!r}")
        if _subcommand(args) in _WRITES:
            self.commits_made += 1
        executable = shutil.which("git")
        if executable is None:
            raise GitNotFoundError()
        command = [executable]
        for setting in (*_CONFIG, f"user.name={AUTHOR[0]}", f"user.email={AUTHOR[1]}"):
            command += ["-c", setting]
        stdin = None if input is not None else subprocess.DEVNULL  # git never waits for a prompt
        try:
            return subprocess.run([*command, *args], cwd=self.path, env=self.environment(),
                                  input=input, stdin=stdin,
                                  capture_output=True, text=True, encoding="utf-8",
                                  errors="replace", timeout=TIMEOUT_S, check=False)
        except subprocess.TimeoutExpired as slow:
            raise GitError(args, -1, "", f"timed out after {TIMEOUT_S} s") from slow

    def git(self, *args: str, input: str | None = None) -> str:
        """Run `git <args>` and return its stdout; GitError (with git's stderr) if it fails."""
        done = self.run(*args, input=input)
        if done.returncode != 0:
            raise GitError(args, done.returncode, done.stdout, done.stderr)
        return done.stdout

    def rev(self, ref: str = "HEAD") -> str:
        """The full hash of the commit `ref` names."""
        return self.git("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").strip()

    def write(self, relative: str, text: str) -> None:
        """Write a text file in the working tree (parent folders are created)."""
        target = self.path / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", newline="")

    def read(self, relative: str) -> str:
        """The text of a file in the working tree."""
        return (self.path / relative).read_text(encoding="utf-8")

    def __repr__(self) -> str:
        return f"Repo({str(self.path)!r})"


def _subcommand(args: tuple[str, ...]) -> str | None:
    """The git subcommand in `args`, after global options such as `-c name=value`."""
    rest = iter(args)
    for arg in rest:
        if arg in ("-c", "-C"):
            next(rest, None)  # the option's value
        elif not arg.startswith("-"):
            return arg
    return None


def snapshot(repo: Repo, message: str, files: dict[str, str] | None = None,
             delete: tuple[str, ...] = ()) -> str:
    """Write `files`, delete `delete`, stage everything, commit with `message`; the new hash."""
    for relative, text in (files or {}).items():
        repo.write(relative, text)
    for relative in delete:
        (repo.path / relative).unlink()
    repo.git("add", "--all")
    repo.git("commit", "--quiet", "--allow-empty", "-m", message)
    return repo.rev()


# --- A seeded history for git bisect: a small pricing library where one commit breaks rounding.

_PRICING = '''"""Prices in cents (never floats): discounts and order totals."""


def apply_discount(cents: int, percent: int) -> int:
    """The price after a `percent` discount, rounded half up to the cent."""
    return (cents * (100 - percent){rounding}) // 100


def order_total(prices: list[int], percent: int = 0) -> int:
    """The total of an order, each line discounted on its own."""
    return sum(apply_discount(cents, percent) for cents in prices)
{notes}'''
_CORRECT, _BROKEN = " + 50", ""
CHECK_SCRIPT = '''"""The project's checks: exit code 0 when they pass, 1 when one fails."""
import sys

from pricing import apply_discount, order_total

CASES = [((995, 10), 896), ((1, 50), 1), ((1000, 25), 750), ((0, 30), 0)]
failed = [(args, want) for args, want in CASES if apply_discount(*args) != want]
if order_total([995, 1], 50) != 499:
    failed.append(("order_total", 499))
for args, want in failed:
    print(f"FAIL {args}: expected {want}")
sys.exit(1 if failed else 0)
'''
_VERBS = ("Add", "Update", "Tidy", "Document", "Rename", "Simplify", "Test", "Refactor")
_THINGS = ("shipping rates", "discount notes", "the README", "the changelog", "currency names",
           "rounding comments", "free-shipping threshold", "price formatting")
_FILES = ("README.md", "CHANGELOG.md", "shipping.py", "pricing.py")


@dataclass(frozen=True)
class History:
    """What build_history made: every commit's hash and subject (oldest first) and the culprit."""

    hashes: tuple[str, ...]
    subjects: tuple[str, ...]
    first_bad: str  # the first commit where `python check.py` fails


def build_history(repo: Repo, commits: int = 32, bad: int = 17, seed: int = 0) -> History:
    """Commit `commits` versions of a small Python project on the current branch; commit number
    `bad` (1 = the first commit) breaks apply_discount's rounding, and it stays broken after."""
    if not 2 <= bad <= commits <= len(_VERBS) * len(_THINGS):
        raise ValueError(f"need 2 <= bad <= commits <= 64, got bad={bad}, commits={commits}")
    rng = random.Random(seed)
    subjects = [f"{verb} {thing}" for verb in _VERBS for thing in _THINGS]
    rng.shuffle(subjects)
    subject_of = ("Initial commit", *subjects[2:commits + 1])
    notes: list[str] = []
    readme = ["# pricing", "", "Prices in cents, discounts and order totals."]
    changelog = ["# Changelog"]
    shipping = ['"""Shipping costs in cents."""', "", "BASE_CENTS = 499"]
    stream: list[str] = []
    for number in range(1, commits + 1):
        touched = set(rng.sample(_FILES, rng.randint(1, 2))) if number > 1 else set(_FILES)
        for path in sorted(touched):
            line = f"{path} note {number}: {rng.choice(_THINGS)}."
            {"README.md": readme, "CHANGELOG.md": changelog, "pricing.py": notes,
             "shipping.py": shipping}[path].append(
                f"# {line}" if path.endswith(".py") else f"- {line}")
        rounding = _BROKEN if number >= bad else _CORRECT
        files = {
            ".gitignore": "__pycache__/\n",
            "check.py": CHECK_SCRIPT,
            "pricing.py": _PRICING.format(rounding=rounding,
                                          notes="".join(f"{n}\n" for n in notes)),
            "README.md": "\n".join(readme) + "\n",
            "CHANGELOG.md": "\n".join(changelog) + "\n",
            "shipping.py": "\n".join(shipping) + "\n",
        }
        stream.append(_fast_import_commit(repo, number, subject_of[number - 1], files))
    return _import(repo, stream, subject_of, bad)


def _data(text: str) -> str:
    return f"data {len(text.encode())}\n{text}\n"


def _fast_import_commit(repo: Repo, mark: int, subject: str, files: dict[str, str]) -> str:
    """One commit of a `git fast-import` stream, dated like the next commit of `repo`."""
    repo.commits_made += 1
    who = f"{AUTHOR[0]} <{AUTHOR[1]}> {START + STEP * repo.commits_made} +0000"
    message = _data(subject + "\n")
    lines = [f"commit HEAD_REF\nmark :{mark}\nauthor {who}\ncommitter {who}\n{message}"]
    if mark > 1:
        lines.append(f"from :{mark - 1}\n")
    lines += [f"M 100644 inline {path}\n{_data(text)}" for path, text in sorted(files.items())]
    return "".join(lines)


def _import(repo: Repo, stream: list[str], subjects: tuple[str, ...], bad: int) -> History:
    """Feed the commits to `git fast-import` on the current branch (one process, not hundreds),
    then check the last one out."""
    branch = repo.git("symbolic-ref", "HEAD").strip()
    parent = repo.run("rev-parse", "--verify", "--quiet", "HEAD^{commit}").stdout.strip()
    if parent:
        stream[0] = stream[0].replace("\nM ", f"\nfrom {parent}\nM ", 1)
    marks = repo.home / "build-history.marks"
    text = "".join(stream).replace("commit HEAD_REF\n", f"commit {branch}\n")
    repo.git("fast-import", "--quiet", "--force", f"--export-marks={marks}", input=text)
    by_mark = dict(line.split() for line in marks.read_text().splitlines())
    marks.unlink()
    hashes = tuple(by_mark[f":{n}"] for n in range(1, len(stream) + 1))
    repo.git("reset", "--quiet", "--hard", hashes[-1])
    return History(hashes, subjects, hashes[bad - 1])
