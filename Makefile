PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
INSTALLED := $(VENV)/.installed
# npm ci writes this file; the browser tests inject axe-core from node_modules.
NODE_MODULES := node_modules/.package-lock.json

.PHONY: run test lint format migrate clean bench screenshots

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || \
		{ echo "Hogshead needs Python 3.11 or newer; set PYTHON=/path/to/python3.11"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(INSTALLED): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

$(NODE_MODULES): package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

run: $(INSTALLED)
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py setup_local
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# axe-core comes from npm when Node.js is there; without it the accessibility checks skip
# (and fail in CI, which has Node.js).
test: $(INSTALLED)
	@if command -v npm >/dev/null; then $(MAKE) --no-print-directory $(NODE_MODULES); fi
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(INSTALLED)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

migrate: $(INSTALLED)
	$(BIN)/python manage.py migrate --no-input

# Not part of `make test`: loads up to 100,000 posts into PostgreSQL and runs wrk for minutes.
# BENCH_SIZES, BENCH_DURATION, BENCH_DATABASE_URL... are described in docs/performance.md.
bench: $(INSTALLED)
	@command -v wrk >/dev/null && command -v nginx >/dev/null || \
		{ apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk nginx; }
	$(BIN)/python -m bench

# PNGs of the demo blog at 1280 and 390 px into docs/screenshots/ (needs Debian's chromium).
screenshots: $(INSTALLED)
	$(BIN)/python tools/screenshots.py

clean:
	rm -rf $(VENV) node_modules staticfiles .pytest_cache .ruff_cache
