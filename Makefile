# flowedit — the two commands a newcomer needs: `make run` and `make test`.
# Both create .venv when it is missing and (re)install the project when pyproject.toml changed.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: run test test-core bench fuzz screenshots clean help

help:
	@echo "make run        open the editor on the bundled example flow"
	@echo "make test       run the whole test suite, headless"
	@echo "make test-core  run only the Qt-free core tests"
	@echo "make bench      measure the speed targets (ratios in one run; exit 1 when one is missed)"
	@echo "make fuzz       the fuzz properties, long (FUZZ_EXAMPLES=3000 per property; prints how many ran)"
	@echo "make screenshots  retake the README's screenshots from the real app (offscreen)"
	@echo "make clean      remove the virtual environment and caches"

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "flowedit needs Python 3.11 or newer; set PYTHON=/path/to/python3.11")'
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/flowedit-gui

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

test-core: $(STAMP)
	$(BIN)/python -m pytest -m "not gui" --ignore=tests/gui

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=fuzz QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -p no:cacheprovider tests/fuzz \
		--hypothesis-show-statistics

screenshots: $(STAMP)
	$(BIN)/python tools/readme_screenshots.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
