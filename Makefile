# Fyr: `make run` serves the whole product on SQLite; `make test` runs the whole suite.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
FYR    := $(BIN)/fyr
HOST   ?= 127.0.0.1
PORT   ?= 8000
export FYR_DATA_DIR ?= $(CURDIR)/var

.PHONY: run serve install install-test migrate demo test test-fast lint format messages openapi bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test,dev,redis]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

migrate: install
	$(FYR) migrate --noinput

demo: migrate
	$(FYR) seed-demo --if-empty

## Serve web, API, websockets and the background worker at http://$(HOST):$(PORT)
run: demo
	@echo ""
	@echo "  Fyr is starting at http://$(HOST):$(PORT)/desk/  (customer portal: /portal/)"
	@echo "  Demo login: admin@demo.fyr.se / fyr-demo"
	@echo ""
	$(FYR) serve --host $(HOST) --port $(PORT)

## Install the test dependencies and run the whole suite (browser tests when Chromium is present)
test: install-test
	$(BIN)/fyr makemigrations --check --dry-run
	$(BIN)/fyr check --fail-level WARNING
	@if [ -x "$$(command -v chromium || command -v chromium-browser || true)" ]; then \
		echo "Chromium found: browser tests will run."; \
	else \
		echo "SKIPPING browser tests: Chromium is not installed (apt-get install chromium)."; \
	fi
	@if [ -x /usr/sbin/dovecot ] || command -v dovecot >/dev/null 2>&1; then \
		echo "Dovecot found: IMAP tests will run against it."; \
	else \
		echo "Dovecot is not installed: the IMAP tests will FAIL (apt-get install dovecot-imapd)."; \
	fi
	$(BIN)/pytest -n $${FYR_TEST_PROCESSES:-2} --dist loadfile

test-fast: install-test
	$(BIN)/pytest -x -q -m "not browser"

lint: install-test
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy src/fyr

format: install-test
	$(BIN)/ruff check --fix src tests bench
	$(BIN)/ruff format src tests bench

## Refresh the Swedish catalogue after changing strings (then translate and run again)
messages: install-test
	cd src/fyr && ../../$(BIN)/fyr makemessages -l sv --no-obsolete --no-location
	cd src/fyr && ../../$(BIN)/fyr compilemessages -l sv

openapi: install-test
	FYR_UPDATE_SNAPSHOTS=1 $(BIN)/pytest -q tests/api/test_openapi.py

bench: install-test
	$(BIN)/python bench/core.py --quick

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
