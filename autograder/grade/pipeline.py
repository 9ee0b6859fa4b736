"""nbgrader's autograde pipeline with our preprocessors: sandboxed, bounded, canary-checked."""

from __future__ import annotations

from nbconvert.preprocessors import ClearMetadataPreprocessor
from nbgrader.preprocessors import (
    AssignLatePenalties,
    CheckCellMetadata,
    IgnorePattern,
    LimitOutput,
    SaveAutoGrades,
)
from traitlets.config import Config

from autograder.preprocessors import CheckCanaries, InsertCanaries, LimitedExecute


def autograde_config() -> Config:
    """nbgrader's own autograde steps, in nbgrader's order, with Execute swapped for
    LimitedExecute (sandboxed kernel, capped output) between the two canary steps."""
    config = Config()
    config.Autograde.autograde_preprocessors = [
        InsertCanaries,
        LimitedExecute,
        CheckCanaries,
        IgnorePattern,
        ClearMetadataPreprocessor,
        LimitOutput,
        SaveAutoGrades,
        AssignLatePenalties,
        CheckCellMetadata,
    ]
    return config
