"""The one-query tally agrees with a loop over nbgrader's own API on a synthetic class."""

from __future__ import annotations

import sys

from classroom import ROOT
from course.curriculum import PILLAR_IDS

sys.path.insert(0, str(ROOT / "benchmarks"))
import tally_bench


def test_tally_matches_nbgrader_api_sums_for_every_student_and_pillar(tmp_path):
    scratch = tmp_path / "class"
    tally_bench.build(scratch, students=60, cells=9)
    _, expected = tally_bench.api_loop(scratch, sample=60)
    result = {s.student: s for s in tally_bench.tally(scratch).students}
    assert sorted(result) == sorted(expected)
    for student, per_pillar in expected.items():
        assert {p: result[student].pillars[p].score for p in PILLAR_IDS} == per_pillar
        assert result[student].total.score == sum(per_pillar.values())  # one pillar per cell
