# `make demo` and `make test` work on a fresh machine with only Python 3.11 and pip:
# the first run creates .venv and installs the package into it, later runs reuse it
# and reinstall only when pyproject.toml changes.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install demo lint test wheel-check bench clean

install: $(STAMP)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# The stamp records a finished install; an interrupted pip run leaves no stamp,
# so the next make tries again.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --disable-pip-version-check -e '.[dev,fast,distributed]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/skane-eco demo --out reports/demo

# ruff (settings in pyproject.toml): lint, and the formatting it would apply.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: demo lint
	$(BIN)/python -m pytest -q

# The package as a user installs it: build the sdist and, from it, the wheel (so both
# must be complete), install the wheel into a new virtual environment (no editable
# install, no checkout on the path) and run the demo from it (it writes its bundle in
# English and in Swedish) in a temporary folder.  An editable install reads data files from the checkout and
# hides a missing package-data pattern; this does not.  pip takes the dependencies
# from its cache, else from the package index.
WHEEL_CHECK := build/wheel-check
DEMO_FILES  := map.html run.json report.html report.xlsx ecosystem.gexf ecosystem.graphml

wheel-check:
	rm -rf dist $(WHEEL_CHECK)
	$(PYTHON) -m venv $(WHEEL_CHECK)/tools
	$(WHEEL_CHECK)/tools/bin/python -m pip install --quiet --disable-pip-version-check build
	$(WHEEL_CHECK)/tools/bin/python -m build --outdir dist .
	$(PYTHON) -m venv $(WHEEL_CHECK)/venv
	$(WHEEL_CHECK)/venv/bin/python -m pip install --quiet --disable-pip-version-check dist/*.whl
	set -e; tmp="$$(mktemp -d)"; trap 'rm -rf "$$tmp"' EXIT; \
	(cd "$$tmp" && env -u PYTHONPATH $(CURDIR)/$(WHEEL_CHECK)/venv/bin/skane-eco demo --out "$$tmp/demo" </dev/null); \
	for file in $(DEMO_FILES); do \
	    found="$$(find "$$tmp/demo" -name "$$file" -size +0 | head -n 1)"; \
	    test -n "$$found" || { echo "wheel-check: the demo wrote no $$file" >&2; exit 1; }; \
	done; \
	for lang in en sv; do \
	    grep -rlq --include=report.html "<html lang=\"$$lang\">" "$$tmp/demo" || \
	        { echo "wheel-check: the demo wrote no report in '$$lang'" >&2; exit 1; }; \
	done
	@echo "wheel-check: the wheel installs and runs the demo in English and Swedish"

# Benchmarks (figures, not tests): every case of issue 14's table -- the demo end to end,
# analyze(demo()) warm and explore() in a notebook-like process, 1,000 / 10,000 actors with
# flag stability, 100,000 actors from CSV to report with peak memory, a 10,000-actor map in
# headless Chromium -- networkx and igraph side by side, and the targets against what was
# measured.  Writes benchmarks/results/latest.{json,md}; method in docs/performance.md.
# The full run takes about an hour; `make bench BENCH_ARGS=--quick` for a check.
bench: $(STAMP)
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)

# Removes generated files only; the virtual environment stays (rm -rf .venv to drop it).
clean:
	rm -rf reports/demo build dist .pytest_cache .hypothesis
	find . -path ./$(VENV) -prune -o -type d -name __pycache__ -prune -exec rm -rf {} +
