"""release/ is exactly what nbgrader generates from source/ with the pinned versions."""

from __future__ import annotations

import shutil

import pytest

from autograder.coursedir import CONFIG_FILE
from autograder.release import regenerate
from classroom import ROOT

pytestmark = pytest.mark.slow


def files(folder):
    return {p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


def test_regenerating_release_from_source_reproduces_the_committed_files_byte_for_byte(
        tmp_path):
    shutil.copy2(ROOT / CONFIG_FILE, tmp_path / CONFIG_FILE)
    shutil.copytree(ROOT / "source", tmp_path / "source")
    regenerated = regenerate(tmp_path)
    assert regenerated, "no assignment with notebooks under source/"
    committed, fresh = files(ROOT / "release"), files(tmp_path / "release")
    assert sorted(map(str, fresh)) == sorted(map(str, committed))
    drifted = [str(path) for path in fresh if fresh[path] != committed[path]]
    assert drifted == [], "release/ drifted from source/: run `make release` and commit"
