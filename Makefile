# Two commands on a fresh machine: `make run` and `make test`. Each bootstraps .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

run: $(VENV)/.installed
	$(BIN)/roadmap-desktop $(ARGS)

test: $(VENV)/.installed
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy

bench: $(VENV)/.installed
	$(BIN)/python benchmarks/startup.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
