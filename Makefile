# One task runner. `make run` and `make test` work on a fresh clone.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test test-deps lint fmt bench clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# torch is pinned first: the CPU build lies on disk; an unpinned torch pulls a CUDA build.
$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# Serves API, widget and demo page on KATALOG_HOST:KATALOG_PORT (127.0.0.1:8000);
# `katalog serve` builds the search index first when it is missing.
run: install
	$(BIN)/katalog serve

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fmt: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: install lint test-deps
	$(BIN)/pytest

# What the browser tests need: Debian's chromium and axe-core from npm; the PDF tests need
# DejaVu fonts. Quick when present.
DEJAVU := /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
test-deps: install node_modules/axe-core/axe.min.js
	@test -x /usr/bin/chromium -a -f $(DEJAVU) || { $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q chromium fonts-dejavu-core; }

node_modules/axe-core/axe.min.js: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# One line per benchmark; each prints its figures against the targets of its issue.
bench: install
	$(BIN)/python -m index.bench --json var/bench/retrieval.json
	$(BIN)/python -m api.bench --json var/bench/api.json
	$(BIN)/python -m corpus.bench --json var/bench/editions.json
	$(BIN)/python -m api.bench_intern --json var/bench/intern.json

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
