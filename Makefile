# The two commands of the README: `make run` and `make test`.
# Each creates .venv on first use (Python 3.11+) and installs the project into it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The Qt-free core's tests, run by `make test-core` where no Qt is installed at all.
CORE_VENV := .venv-core
CORE_TESTS := tests/model tests/engine tests/data tests/formats tests/xray

.PHONY: run test test-quick test-core lint bench clean translations

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/bpstudio $(ARGS)

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest $(PYTEST_ARGS)

# Everything but the tests marked slow (training runs, screenshots, the wheel, stress).
test-quick: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -m "not slow" $(PYTEST_ARGS)

# A second, small venv with the core's dependencies only (.ci/core_requirements.py): no
# PySide6, pyqtgraph or pytest-qt, which the first check proves before the tests run.
test-core:
	rm -rf $(CORE_VENV)
	$(PYTHON) -m venv $(CORE_VENV)
	$(CORE_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(CORE_VENV)/bin/python .ci/core_requirements.py > $(CORE_VENV)/requirements.txt
	$(CORE_VENV)/bin/python -m pip install --quiet -r $(CORE_VENV)/requirements.txt
	$(CORE_VENV)/bin/python -m pip install --quiet --no-deps -e .
	$(CORE_VENV)/bin/python -c "import importlib.util as u, sys; \
		found = [m for m in ('PySide6', 'pyqtgraph', 'pytestqt') if u.find_spec(m)]; \
		sys.exit(f'not a Qt-free venv: {found}' if found else 0)"
	$(CORE_VENV)/bin/python -m pytest $(CORE_TESTS) $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check bpstudio resources tests bench scripts .ci
	$(BIN)/mypy --strict bpstudio/model bpstudio/engine bpstudio/data bpstudio/formats bpstudio/xray bpstudio/workflow.py bpstudio/files.py bpstudio/progress.py bpstudio/errors.py bpstudio/headless_checks.py bpstudio/run_record.py bpstudio/sweep.py bpstudio/words.py

# Refresh resources/translations/*.ts from the code (pyside6-lupdate: new strings appear
# unfinished, vanished ones are dropped), then compile the committed .qm files the app loads.
# Translate with `.venv/bin/pyside6-linguist resources/translations/bpstudio_zh_CN.ts`.
# English is the source language: bpstudio_en.ts holds its plural forms only.
TRANSLATED := zh_CN
TS_SOURCES = $(shell find bpstudio -name '*.py' | sort)
LUPDATE = $(BIN)/pyside6-lupdate -silent -locations none -no-obsolete -source-language en
translations: $(STAMP)
	@for lang in $(TRANSLATED); do \
		$(LUPDATE) -target-language $$lang $(TS_SOURCES) \
			-ts resources/translations/bpstudio_$$lang.ts || exit 1; done
	@$(LUPDATE) -pluralonly -target-language en $(TS_SOURCES) \
		-ts resources/translations/bpstudio_en.ts
	@for ts in resources/translations/*.ts; do \
		$(BIN)/pyside6-lrelease -silent $$ts -qm $${ts%.ts}.qm || exit 1; done

bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) $(CORE_VENV) .pytest_cache
