# Two commands on a fresh machine: `make run` and `make test`. Each bootstraps .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test lint bench bench-all bench-data clean dist icons icons-check screenshots test-frozen lint-packaging bench-bundle

# .venv/.created is written only after a complete set-up and records the interpreter that made
# it. A venv left by a failed set-up (no stamp) or made by another Python version than
# $(PYTHON) (stamp differs, or its python no longer runs) is removed and made again.
PY_VERSION = import sys; print("%d.%d.%d" % sys.version_info[:3])
WANT_PYTHON := $(shell $(PYTHON) -c '$(PY_VERSION)' 2>/dev/null)
HAVE_PYTHON := $(shell $(BIN)/python -c '$(PY_VERSION)' 2>/dev/null)
ifneq ($(WANT_PYTHON)|$(WANT_PYTHON),$(HAVE_PYTHON)|$(shell cat $(VENV)/.created 2>/dev/null))
.PHONY: $(VENV)/.created  # always remade (and .installed after it)
endif

$(VENV)/.created:
	@test -n "$(WANT_PYTHON)" || { echo "$(PYTHON) does not run; set PYTHON=python3.11 (or newer)"; exit 1; }
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV) && $(BIN)/python -m pip install --quiet --upgrade pip \
		|| { rm -rf $(VENV); exit 1; }
	echo "$(WANT_PYTHON)" > $@

# The seed database a first run copies instead of building (src/roadmap_desktop/core/seed.py):
# made by the install, made again when a bundled roadmap or the code that writes the database
# changes, never committed. A missing or stale seed only makes a first run slower.
SEED := src/roadmap_desktop/seed.sqlite3
SEED_INPUTS := $(wildcard resources/roadmaps/*.yaml src/roadmap_desktop/core/*.py \
	src/roadmap_desktop/core/migrations/versions/*.py) src/roadmap_desktop/services/startup.py \
	src/roadmap_desktop/seed_build.py

$(VENV)/.installed: $(VENV)/.created pyproject.toml
	$(BIN)/python -m pip install --quiet -e ".[dev]" || { rm -f $@; exit 1; }
	$(BIN)/python -m roadmap_desktop.seed_build $(SEED) || { rm -f $@; exit 1; }
	touch $@

$(SEED): $(SEED_INPUTS) | $(VENV)/.installed
	$(BIN)/python -m roadmap_desktop.seed_build $@

run: $(VENV)/.installed $(SEED)
	$(BIN)/roadmap-desktop $(ARGS)

test: $(VENV)/.installed $(SEED)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy

bench: $(VENV)/.installed $(SEED)
	$(BIN)/python benchmarks/startup.py

# The big database (10,000 steps, 20,000 resources…) in benchmarks/.data/big, made once.
bench-data: $(VENV)/.installed $(SEED)
	QT_QPA_PLATFORM=offscreen $(BIN)/python benchmarks/big_db.py

# Every interaction of the big database through the real window, plus start-up pairs
# against a bare window (issue 11's table); ARGS="--samples 31 --rounds 9" for more.
bench-all: bench-data
	QT_QPA_PLATFORM=offscreen $(BIN)/python benchmarks/interactions.py $(ARGS)

# --- packaging (packaging/, docs/user-guide.md) -------------------------------------------------
# The `build` extra: PyInstaller and actionlint.
$(VENV)/.installed-build: $(VENV)/.installed pyproject.toml
	$(BIN)/python -m pip install --quiet -e ".[dev,build]"
	touch $@

# The frozen app for this system in dist/ (folder + tar.gz/zip); see packaging/build.py.
dist: $(VENV)/.installed-build
	$(BIN)/python packaging/build.py $(ARGS)

# Run the tests of the frozen app against the bundle in dist/ (after `make dist`).
test-frozen: $(VENV)/.installed
	ROADMAP_DESKTOP_FROZEN=dist/roadmap-desktop QT_QPA_PLATFORM=offscreen \
		$(BIN)/python -m pytest tests/e2e/test_frozen.py $(PYTEST_ARGS)

# Re-render packaging/icons/ from resources/icons/roadmap-desktop.svg; icons-check only compares.
icons: $(VENV)/.installed
	QT_QPA_PLATFORM=offscreen $(BIN)/python scripts/make_icons.py
icons-check: $(VENV)/.installed
	QT_QPA_PLATFORM=offscreen $(BIN)/python scripts/make_icons.py --check

# Refresh docs/images/ from the real app.
screenshots: $(VENV)/.installed $(SEED)
	QT_QPA_PLATFORM=offscreen $(BIN)/python scripts/screenshots.py

# Desktop entry, AppStream metainfo, release workflow, installer script, packaging code.
lint-packaging: $(VENV)/.installed-build
	desktop-file-validate packaging/linux/*.desktop
	appstreamcli validate --no-net packaging/linux/*.metainfo.xml
	$(BIN)/actionlint .github/workflows/release.yml
	$(BIN)/ruff check packaging scripts
	if command -v shellcheck >/dev/null; then shellcheck packaging/linux/install.sh; \
		else sh -n packaging/linux/install.sh; fi

# Bundle size and frozen start-up against a bare PySide6 window, built in the same run.
bench-bundle: $(VENV)/.installed-build
	$(BIN)/python benchmarks/bundle.py $(ARGS)

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache $(SEED)
