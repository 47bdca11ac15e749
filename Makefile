# `make demo` and `make test` work on a fresh machine with only Python 3.11 and pip:
# the first run creates .venv and installs the package into it, later runs reuse it
# and reinstall only when pyproject.toml changes.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install demo test bench clean

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

test: demo
	$(BIN)/python -m pytest -q

# Scaling benchmarks (figures, not tests): writes benchmarks/results/latest.{json,md}.
# The full run goes up to 100,000 actors and takes a long while; `make bench BENCH_ARGS=--quick`.
bench: $(STAMP)
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)

# Removes generated files only; the virtual environment stays (rm -rf .venv to drop it).
clean:
	rm -rf reports/demo build dist .pytest_cache .hypothesis
	find . -path ./$(VENV) -prune -o -type d -name __pycache__ -prune -exec rm -rf {} +
