# The README's two commands: `make run` (set up and launch) and `make test` (set up and run
# every check). Both create the virtual environment in .venv on first use.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: setup run test lint pytest bench screenshots translations clean

$(STAMP): pyproject.toml
	scripts/system-packages.sh
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

run: setup
	$(VENV)/bin/privacy-workbench

# Lint, types and the layer contract first (they take seconds), then the whole test suite with
# a throw-away PostgreSQL server so that storage tests run on both databases.
test: setup lint pytest

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

pytest: setup
	scripts/with-postgres.sh $(PY) -m pytest $(PYTEST_ARGS)

bench: setup
	$(PY) bench/startup.py

# README pictures, made by the app itself; a throw-away home keeps them out of your recent list.
screenshots: setup
	export PRIVACY_WORKBENCH_HOME=$$(mktemp -d) QT_QPA_PLATFORM=offscreen && \
	$(PY) -m app demo $$PRIVACY_WORKBENCH_HOME/demo.pwb && \
	for page in dashboard organisation register vendors; do \
	  $(PY) -m app gui -w $$PRIVACY_WORKBENCH_HOME/demo.pwb --page $$page \
	    --screenshot docs/screenshot-$$page.png || exit 1; \
	done

# One gettext catalogue for the UI and the reports; French and German start from this template.
translations: setup
	$(VENV)/bin/pybabel extract -F babel.cfg -k N_ -k ngettext:1,2 --no-location \
	  --project "Privacy Workbench" -o resources/translations/privacy_workbench.pot .

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
