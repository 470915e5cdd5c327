# procmodel: the two commands a new user needs (see README.md).
#   make site   set up, check processes/ and build the site into site/
#   make test   set up everything the tests need and run them all
# Other targets: make serve, make lint, make typecheck, make bench, make setup.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: site serve test lint typecheck bench setup setup-test clean

site: $(STAMP)
	$(BIN)/procmodel build

serve: $(STAMP)
	$(BIN)/procmodel serve

test: $(STAMP)-test
	$(BIN)/python -m pytest

lint: $(STAMP)-test
	$(BIN)/ruff check procmodel tests benchmarks
	$(BIN)/ruff format --check procmodel tests benchmarks

typecheck: $(STAMP)-test
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

setup: $(STAMP)
setup-test: $(STAMP)-test

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

# Tests also need Debian's Chromium (browser tests; never a browser download),
# Graphviz's native dot (to compare with the embedded engine) and the bpmn.io
# toolchain from npm (BPMN interop tests).
$(STAMP)-test: pyproject.toml tests/node/package.json tests/node/package-lock.json
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@if ! command -v chromium >/dev/null || ! command -v dot >/dev/null; then \
	  echo "Installing Debian packages: chromium graphviz"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium graphviz >/dev/null; \
	fi
	# cd rather than --prefix: --prefix also moves npm's global config (and with it
	# a machine-wide cafile), so a proxied registry would fail TLS.
	cd tests/node && npm ci --no-audit --no-fund --loglevel=error
	touch $(STAMP) $@

clean:
	rm -rf $(VENV) site tests/node/node_modules .pytest_cache
