"""release/ is exactly what nbgrader generates from source/ with the pinned versions."""

from __future__ import annotations

import pytest

from autograder.demo.loop import copy_course
from autograder.release import regenerate
from classroom import ROOT

pytestmark = pytest.mark.slow


def files(folder):
    return {p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


def test_regenerating_release_from_source_reproduces_the_committed_files_byte_for_byte(
        tmp_path):
    copy_course(ROOT, tmp_path / "course")
    regenerated = regenerate(tmp_path / "course")
    assert regenerated, "no assignment with notebooks under source/"
    committed, fresh = files(ROOT / "release"), files(tmp_path / "course" / "release")
    assert sorted(map(str, fresh)) == sorted(map(str, committed))
    drifted = [str(path) for path in fresh if fresh[path] != committed[path]]
    assert drifted == [], "release/ drifted from source/: run `make release` and commit"
