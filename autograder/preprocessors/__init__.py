"""nbgrader preprocessors of our own, one per module, each setting a traitlet with help."""

from autograder.preprocessors.check_canaries import CheckCanaries
from autograder.preprocessors.hide_hidden_tests import HideHiddenTests
from autograder.preprocessors.insert_canaries import CANARY_KEY, InsertCanaries
from autograder.preprocessors.limited_execute import LimitedExecute
from autograder.preprocessors.pillar_summary import PillarSummary

__all__ = ["CANARY_KEY", "CheckCanaries", "HideHiddenTests", "InsertCanaries", "LimitedExecute",
           "PillarSummary"]
