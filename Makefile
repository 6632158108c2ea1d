# Partners and Rivals: build the book, run the tests, teach with it.
# `make book` and `make test` are all a fresh machine needs (see README.md).

SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NPM_STAMP := node_modules/.installed
JOBS ?= 2

.PHONY: help install book test lab serve clean bench

help:
	@echo "make book   build the HTML book into _build/html (installs what it needs first)"
	@echo "make test   run every test: unit, data, notebooks, built book, browser"
	@echo "make lab    open the notebooks in JupyterLab (for class)"
	@echo "make serve  serve the built book on http://127.0.0.1:8000"
	@echo "make bench  measure load, check and notebook execution times"
	@echo "make clean  remove the built book and execution cache"

$(STAMP): requirements.txt requirements-test.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-test.txt
	touch $@

# The widget JavaScript the book serves itself, at the versions package-lock.json pins.
$(NPM_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else \
		echo "*** npm not found: the book will still build, but its pages will fetch the"; \
		echo "*** widget scripts from a CDN. Install Node.js and npm to serve them locally."; \
	fi

install: $(STAMP) $(NPM_STAMP)

# Notebook execution is cached in _build/.jupyter_cache, so only edited notebooks re-run.
# Neither that cache nor Sphinx's saved doctrees can see the data or the library a notebook
# reads, so a change to either clears both and every notebook runs again.
INPUTS := $(wildcard data/*.csv) data/datapackage.json $(wildcard techstate/*.py)
_build/.inputs-stamp: $(INPUTS)
	@rm -rf _build/.jupyter_cache _build/.doctrees _build/jupyter_execute
	@mkdir -p _build && touch $@

# The HTML is rewritten from scratch each time (Sphinx keeps stale static files otherwise).
book: install _build/.inputs-stamp
	@rm -rf _build/html _build/widget_js
	@mkdir -p _build
	$(BIN)/jupyter-book build . -W -n --keep-going 2>&1 | tee _build/build.log
	@echo
	@echo "The book is built. Open $(CURDIR)/_build/html/index.html, or run 'make serve'."

test: book
	$(BIN)/python -m pytest tests chapters exercises reference -n $(JOBS) --dist loadfile \
		--nbval-lax --nbval-current-env --nbval-cell-timeout=120 -p no:cacheprovider

lab: install
	$(BIN)/jupyter lab --notebook-dir=.

serve:
	@test -f _build/html/index.html || { echo "Build the book first: make book"; exit 1; }
	$(BIN)/python -m http.server 8000 --bind 127.0.0.1 --directory _build/html

bench: install
	$(BIN)/python tools/bench.py

clean:
	rm -rf _build
