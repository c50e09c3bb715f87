# The two commands: `make run` (the system with demo data and the sandbox) and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
RUNTIME_STAMP := $(VENV)/.runtime-installed
TEST_STAMP := $(VENV)/.test-installed
NODE_STAMP := wxapp/node_modules/.installed

.PHONY: run run-prod test lint test-sqlite test-postgres test-wxapp openapi migrate bench clean run-packages test-packages

# Debian packages: the CJK font for PDFs (run and test); pdftoppm and headless Chromium (test).
RUN_PACKAGES := /usr/share/fonts/truetype/wqy/wqy-microhei.ttc=fonts-wqy-microhei
TEST_PACKAGES := $(RUN_PACKAGES) /usr/bin/pdftoppm=poppler-utils /usr/bin/chromium=chromium /usr/bin/zbarimg=zbar-tools
# The benchmark's load generator for reads (much lighter than the server it measures).
BENCH_PACKAGES := /usr/bin/wrk=wrk
define apt_install
	@missing=""; for pair in $(1); do [ -e "$${pair%%=*}" ] || missing="$$missing $${pair#*=}"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing$$missing (apt-get)"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi
endef

run-packages:
	$(call apt_install,$(RUN_PACKAGES))

test-packages:
	$(call apt_install,$(TEST_PACKAGES))

$(RUNTIME_STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q -e .
	touch $@

$(TEST_STAMP): pyproject.toml $(RUNTIME_STAMP)
	$(VENV)/bin/pip install -q -e '.[test]'
	touch $@

$(NODE_STAMP): wxapp/package.json wxapp/package-lock.json
	cd wxapp && npm ci --no-audit --no-fund --loglevel=error
	touch $@

## run: migrate a SQLite database, load demo data, start the sandbox and the server on 127.0.0.1:5000
run: $(RUNTIME_STAMP) run-packages
	$(PY) -m server.dev.devserver

## run-prod: what production runs, on loopback: PostgreSQL, Redis, an object store, two app hosts, one scheduler
run-prod: $(TEST_STAMP) run-packages
	$(PY) -m server.dev.production

migrate: $(RUNTIME_STAMP)
	$(PY) -m flask --app server db upgrade

## openapi: write the API's OpenAPI document to build/openapi.json (the mini-program tests read it)
openapi: $(RUNTIME_STAMP)
	mkdir -p build
	SECRET_KEY=openapi-export $(PY) -m flask --app server openapi write --format=json build/openapi.json

## test: ruff, the Python suite on SQLite and on PostgreSQL, then the mini-program tests
test: lint test-sqlite test-postgres test-wxapp

lint: $(TEST_STAMP)
	$(VENV)/bin/ruff check server jobs tests bench scripts

test-sqlite: $(TEST_STAMP) test-packages
	env -u TEST_DATABASE_URL $(PY) -m pytest -q

test-postgres: $(TEST_STAMP) test-packages
	$(PY) scripts/with_postgres.py -- $(PY) -m pytest -q

test-wxapp: $(NODE_STAMP) openapi
	cd wxapp && OPENAPI_JSON=../build/openapi.json npx jest --ci

bench: $(TEST_STAMP) test-packages
	$(call apt_install,$(BENCH_PACKAGES))
	$(PY) -m bench

clean:
	rm -rf $(VENV) build wxapp/node_modules
