PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
INSTALLED := $(VENV)/.installed
# npm ci writes this file; the browser tests inject axe-core from node_modules.
NODE_MODULES := node_modules/.package-lock.json

.PHONY: run test lint format migrate clean bench screenshots stress audit lock

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || \
		{ echo "Hogshead needs Python 3.11 or newer; set PYTHON=/path/to/python3.11"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# requirements.lock pins every package to the version the suite last ran with (`make lock`).
$(INSTALLED): $(BIN)/python pyproject.toml requirements.lock
	$(BIN)/python -m pip install --quiet --constraint requirements.lock -e '.[dev]'
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
	$(BIN)/lint-imports

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

# Not part of `make test`: a minute of wrk plus an author in the admin, then PostgreSQL restarted,
# Redis stopped and a full media disk, each against a private PostgreSQL, Redis and gunicorn
# on ports 8700-8799 (tests/stress/). STRESS_DURATION (seconds, default 60) sets the load time.
# pytest exits 5 when nothing was collected, which fails this target too.
stress: $(INSTALLED)
	@command -v wrk >/dev/null || \
		{ apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk; }
	$(BIN)/python -m pytest -m stress tests/stress/ -q $(PYTEST_ARGS)

# PNGs of the demo blog at 1280 and 390 px into docs/screenshots/ (needs Debian's chromium).
screenshots: $(INSTALLED)
	$(BIN)/python tools/screenshots.py

# Known vulnerabilities in the locked packages, from PyPI's advisory data (pip-audit). Needs
# pypi.org's JSON API or api.osv.dev (PIP_AUDIT_SERVICE=osv); not part of .ci/run, whose
# machines reach only a package mirror (docs/deploy.md).
audit: $(INSTALLED)
	$(BIN)/pip-audit --requirement requirements.lock --no-deps --disable-pip --strict \
		--vulnerability-service $(or $(PIP_AUDIT_SERVICE),pypi)

# After changing a range in pyproject.toml: install the newest versions it allows, pin them.
lock: $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade -e '.[dev]'
	{ sed -n '1,3p' requirements.lock; $(BIN)/python -m pip freeze --exclude-editable; } > requirements.lock.new
	mv requirements.lock.new requirements.lock
	@touch $(INSTALLED)

clean:
	rm -rf $(VENV) node_modules staticfiles .pytest_cache .ruff_cache
