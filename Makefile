# Two commands set up a fresh machine: `make demo` and `make test` (each creates .venv).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
A ?=
PYTEST_ARGS ?=

.PHONY: demo test test-browser lab release grade tally lint lock clean bench

$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev]"
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/autograder demo

# Unit tests, nbval over every source notebook (hidden tests included), the graded class of
# fixture submissions, release drift and the demo loop. --durations prints the slow phases.
test: $(STAMP)
	$(BIN)/ruff check course autograder tests benchmarks
	$(BIN)/python -m pytest tests source --nbval-lax --nbval-cell-timeout=120 --durations=8 $(PYTEST_ARGS)

# JupyterLab in headless Chromium, as a student uses it (also part of `make test`); screenshots
# go to reports/screenshots/.
test-browser: $(STAMP)
	$(BIN)/python -m pytest tests/test_browser.py -m browser

lab: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir=.

release: $(STAMP)
	$(BIN)/autograder release

grade: $(STAMP)
	@test -n "$(A)" || { echo "usage: make grade A=<assignment>"; exit 2; }
	$(BIN)/autograder grade $(A)

tally: $(STAMP)
	$(BIN)/autograder tally

lint: $(STAMP)
	$(BIN)/ruff check course autograder tests benchmarks
	$(BIN)/autograder lint

# Benchmarks print figures; they are scripts, not timed tests.
bench: $(STAMP)
	$(BIN)/python benchmarks/tally_bench.py
	$(BIN)/python benchmarks/report_bench.py
	$(BIN)/python benchmarks/grading.py

# Re-pin constraints.txt from what pyproject.toml's ranges resolve to now (run after changing a
# range): installs without the old pins, so a new package may move an old pin.
lock:
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^-e' > constraints.txt
	@touch $(STAMP)

clean:
	rm -rf .scratch submitted autograded feedback gradebook.db .nbgrader reports
