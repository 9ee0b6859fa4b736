"""The static scan flags tamper vectors in student code, and never an honest answer."""

from __future__ import annotations

import nbformat
import pytest

from autograder.integrity.scan import scan_notebook, scan_source, student_cells
from autograder.submissions import load_fixture, solution_answers
from classroom import FIXTURES, notebooks

TAMPERING = {
    "input transformer": "get_ipython().input_transformers_cleanup.append(lambda l: ['pass'])",
    "computed names": "getattr(__import__('IPy' + 'thon').get_ipython(), 'input_' + 'x')",
    "custom exception handler": "get_ipython().set_custom_exc((Exception,), print)",
    "replaced showtraceback": "ip = get_ipython()\nip.showtraceback = print",
    "event hook": "get_ipython().events.register('pre_run_cell', print)",
    "patched checks": "checks.expect_equal = lambda *a, **k: None",
    "patched checks alias": "import course.checks as c\nc.expect_true = print",
    "setattr on checks": "setattr(checks, 'expect_equal', print)",
    "rebound checks": "checks = None",
    "sys.modules": "import sys\nsys.modules['course.checks'] = object()",
    "ctypes": "import ctypes",
    "builtins": "import builtins\nbuiltins.print = None",
    "__builtins__": "__builtins__.len = None",
    "signals": "import os\nos.kill(os.getppid(), 9)",
    "tracing": "import sys\nsys.settrace(print)",
    "frames": "import sys\nsys._getframe(1)",
    "decoded code": "import base64\nexec(base64.b64decode(b'cGFzcw=='))",
}
HONEST = {
    "sigterm handler": "import signal\nsignal.signal(signal.SIGTERM, lambda *a: None)",
    "threads": "import threading\nthreading.Thread(target=print).start()",
    "magics": "%timeit sum(range(10))\n!echo hi",
    "syntax error": "def f(:\n    pass",
    "sqlalchemy events": "from sqlalchemy import event\nevent.listen(engine, 'connect', f)",
    "json": "import json\njson.loads('{}')",
    "regular expression": "import re\nHEADER = re.compile(r'^([^:]+):(.*)$')",
    "base64 cursor": "import base64\nbase64.b64decode(cursor).decode()",
    "hex and zlib": "import zlib\nzlib.decompress(bytes.fromhex('789c030000000001'))",
}


@pytest.mark.parametrize("source", TAMPERING.values(), ids=TAMPERING.keys())
def test_each_known_tamper_vector_is_flagged(source):
    assert scan_source(source) != []


@pytest.mark.parametrize("source", HONEST.values(), ids=HONEST.keys())
def test_ordinary_code_is_not_flagged(source):
    assert scan_source(source) == []


@pytest.mark.parametrize("ref", notebooks(), ids=lambda ref: ref.notebook)
def test_no_solution_or_fixture_of_any_notebook_is_flagged(ref):
    answers = solution_answers(nbformat.read(ref.source, as_version=4))
    fixtures = {path.name: load_fixture(path).answers for path in ref.fixtures.glob("*.py")}
    flagged = {cell: scan_source(code) for cell, code in answers.items() if scan_source(code)}
    flagged |= {f"{name}:{cell}": scan_source(code) for name, cells in fixtures.items()
                for cell, code in cells.items() if scan_source(code)}
    assert flagged == {}


def test_only_cells_a_student_can_edit_are_scanned():
    notebook = nbformat.v4.new_notebook()
    locked = nbformat.v4.new_code_cell("import ctypes")
    locked.metadata = {"nbgrader": {"locked": True, "grade_id": "setup"}}
    added = nbformat.v4.new_code_cell("import ctypes")
    notebook.cells = [locked, added]
    assert [cell for cell, _ in student_cells(notebook)] == ["#1"]
    assert [str(f) for f in scan_notebook("nb", notebook)] == [
        "nb cell #1: loads ctypes (raw memory access)"]


def test_hostile_corpus_has_at_least_15_named_kinds():
    assert len(list((FIXTURES / "hostile").glob("*.py"))) >= 15
