# flowedit — the two commands a newcomer needs: `make run` and `make test`.
# Both create .venv when it is missing and (re)install the project when pyproject.toml changed.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: run test test-core bench fuzz screenshots dist install-desktop uninstall-desktop clean help

help:
	@echo "make run        open the editor on the bundled example flow"
	@echo "make test       run the whole test suite, headless"
	@echo "make test-core  run only the Qt-free core tests"
	@echo "make bench      measure the speed targets (ratios in one run; exit 1 when one is missed)"
	@echo "make fuzz       the fuzz properties, long (FUZZ_EXAMPLES=3000 per property; prints how many ran),"
	@echo "                and the screen against the rules on SCREEN_CASES=60000 generated documents"
	@echo "make screenshots  retake the README's screenshots from the real app (offscreen)"
	@echo "make dist       build the standalone bundle dist/flowedit/ (PyInstaller) and smoke-test it"
	@echo "make install-desktop    add flowedit to the desktop's menus and file types (this user, ~/.local/share)"
	@echo "make uninstall-desktop  remove that again"
	@echo "make clean      remove the virtual environment and caches"

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "flowedit needs Python 3.11 or newer; set PYTHON=/path/to/python3.11")'
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

# The package's bytecode, compiled up front: pip compiles an installed wheel but not the sources of an
# editable install, and where PYTHONDONTWRITEBYTECODE is set (this machine, many CI images) every start
# would otherwise compile the ~150 modules again (the editor's start 0.23 s instead of 0.17 s). compileall
# rewrites only what changed, so this costs a few milliseconds when nothing did.
BYTECODE := $(BIN)/python -m compileall -q -j 0 flowedit

run: $(STAMP)
	@$(BYTECODE)
	$(BIN)/flowedit-gui

test: $(STAMP)
	@$(BYTECODE)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

test-core: $(STAMP)
	@$(BYTECODE)
	$(BIN)/python -m pytest -m "not gui" --ignore=tests/gui

bench: $(STAMP)
	@$(BYTECODE)
	$(BIN)/python benchmarks/run.py

fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=fuzz SCREEN_CASES=$${SCREEN_CASES:-60000} QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest \
		-p no:cacheprovider tests/fuzz tests/validate/test_screen.py --hypothesis-show-statistics

screenshots: $(STAMP)
	$(BIN)/python tools/readme_screenshots.py

# The bundle (packaging/README.md): PyInstaller comes from the `dist` extra, into the same venv.
DIST_STAMP := $(VENV)/.dist-stamp

$(DIST_STAMP): pyproject.toml | $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dist]'
	@touch $(DIST_STAMP)

dist: $(DIST_STAMP)
	rm -rf dist/flowedit build/pyinstaller
	@start=$$(date +%s); \
	QT_QPA_PLATFORM=offscreen $(BIN)/pyinstaller --noconfirm --log-level WARN \
		--distpath dist --workpath build/pyinstaller packaging/flowedit.spec || exit 1; \
	echo "built dist/flowedit/ in $$(( $$(date +%s) - start )) s: $$(du -sh dist/flowedit | cut -f1)"
	bash packaging/smoke.sh dist/flowedit

# The launcher runs this checkout's venv (FLOWEDIT_GUI=/path/to/flowedit-gui to choose another, e.g. a bundle).
ifeq ($(origin FLOWEDIT_GUI),undefined)
FLOWEDIT_GUI := $(abspath $(BIN))/flowedit-gui
DESKTOP_NEEDS := $(STAMP)
endif

install-desktop: $(DESKTOP_NEEDS)
	$(PYTHON) packaging/install_desktop.py --exec "$(FLOWEDIT_GUI)"

uninstall-desktop:
	$(PYTHON) packaging/install_desktop.py --uninstall

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
