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
TESTS ?= tests chapters exercises reference
LAB_PORT := $(or $(PORT),8888)
SERVE_PORT := $(or $(PORT),8000)
LAB_ARGS ?=

.PHONY: help install lock inputs book test lab serve clean bench FORCE

help:
	@echo "make book   build the HTML book into _build/html (installs what it needs first)"
	@echo "make test   run every test: unit, data, build, notebooks, built book, browser"
	@echo "make lab    open the notebooks in JupyterLab, for class (PORT=8888, LAB_ARGS=...)"
	@echo "make serve  serve the built book on http://127.0.0.1:8000 (PORT=8000)"
	@echo "make bench  measure load, check and notebook execution times"
	@echo "make clean  remove the built book and execution cache"
	@echo "make lock   refresh the exact pins from the ranges in pyproject.toml, then test"

# A .venv copied or moved with the book's folder still imports the old folder's library, so
# its notebooks would read the old folder's data (and its scripts run the old folder's Python).
# When the environment's library is not this folder's, the environment is made again here.
VENV_CHECK := import importlib.util as u, os; \
	spec = u.find_spec("techstate"); \
	lib = os.path.realpath(spec.origin) if spec and spec.origin else None; \
	here = os.path.realpath("techstate/__init__.py"); \
	print("" if lib == here else f"its library (techstate) is {lib}" if lib else "it has no library")
VENV_ELSEWHERE := $(shell test -e $(VENV) && \
	{ $(BIN)/python -I -c '$(VENV_CHECK)' 2>/dev/null || echo "its Python no longer runs"; })

$(STAMP): requirements.txt requirements-test.txt pyproject.toml $(if $(VENV_ELSEWHERE),FORCE)
	@if [ -n "$(VENV_ELSEWHERE)" ]; then \
		echo "*** $(VENV) does not belong to this folder: $(VENV_ELSEWHERE)."; \
		echo "*** Making it again here, so that the notebooks read this folder's data."; \
		rm -rf $(VENV); \
	fi
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	touch $@

# The answer checker's Pyodide core the book serves itself, and the browser tests' tools, at
# the versions package-lock.json pins.
$(NPM_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else \
		echo "*** npm not found: the book will still build, but its Check buttons will say that"; \
		echo "*** the answer checker is unavailable. Install Node.js and npm to serve it."; \
	fi

install: $(STAMP) $(NPM_STAMP)

# The exact pins, refreshed from the readable ranges in pyproject.toml: requirements-test.txt
# (everything `make install` puts in .venv) and requirements.txt (the book alone, for Binder and
# `pip install -r requirements.txt`), resolved together so that both pin the same versions, for
# Python 3.11 (runtime.txt) on every platform. Then the new pins are installed and tested.
LOCK := $(BIN)/uv pip compile --universal --python-version 3.11 --upgrade --quiet \
	--custom-compile-command "make lock"
lock: $(STAMP)
	echo "-e .[book,test]" | $(LOCK) - -o requirements-test.txt
	@mkdir -p _build
	grep -v '^-e ' requirements-test.txt > _build/lock-constraints.txt
	echo "-e .[book]" | $(LOCK) --no-annotate -c _build/lock-constraints.txt - -o requirements.txt
	$(MAKE) --no-print-directory test

# Notebook results are cached in _build/.jupyter_cache, keyed by each notebook's code, and the
# pages Sphinx has read in _build/.doctrees, keyed by each file's time stamp. Neither sees the
# data or the library a notebook reads, nor a file deleted, or restored with an old time stamp.
# So each build first takes a checksum of every input (names and contents, with POSIX cksum)
# and compares it with the last build's:
# - the data or the library changed: both caches and the pages go, and every notebook runs;
# - the set-up changed (configuration, extensions, templates, style sheets and scripts, the
#   bibliography) or a page was added, renamed or deleted: Sphinx reads and writes every page
#   again, and the execution cache re-runs only the notebooks whose code changed;
# - only the contents of pages changed: the changed files' time stamps are brought forward, so
#   that Sphinx reads and writes those pages alone (a prose edit rebuilds in seconds).
EXECUTION_INPUTS := data/*.csv data/datapackage.json techstate/*.py pyproject.toml requirements.txt
SETUP_INPUTS := *.yml *.bib _ext/*.py _ext/*.mjs _ext/templates/* book_static/* package-lock.json
PAGE_INPUTS := *.md chapters/* exercises/* reference/*
PAGES := _build/html _build/checker_js

# $(call refresh,NAME,INPUTS,CACHES[,MESSAGE]): remove CACHES when the checksum of INPUTS has
# changed since the last build, and then say MESSAGE.
define refresh
	@now=$$(cksum $(2) 2>/dev/null); \
	if [ "$$now" != "$$(cat _build/.inputs-$(1) 2>/dev/null)" ]; then \
		$(if $(4),[ ! -f _build/.inputs-$(1) ] || echo "$(4)";) \
		rm -rf $(3); printf '%s\n' "$$now" > _build/.inputs-$(1); \
	fi
endef

inputs:
	@mkdir -p _build
	$(call refresh,execution,$(EXECUTION_INPUTS),_build/.jupyter_cache _build/.doctrees \
		_build/jupyter_execute $(PAGES),make book: the data or the library changed; every notebook runs again.)
	$(call refresh,setup,$(SETUP_INPUTS),_build/.doctrees $(PAGES))
	@now=$$(cksum $(PAGE_INPUTS) 2>/dev/null); before=$$(cat _build/.inputs-pages 2>/dev/null); \
	names() { cut -d' ' -f3-; }; \
	if [ "$$(names <<<"$$now")" != "$$(names <<<"$$before")" ]; then \
		rm -rf _build/.doctrees $(PAGES); \
	elif [ "$$now" != "$$before" ]; then \
		comm -23 <(sort <<<"$$now") <(sort <<<"$$before") | names | while IFS= read -r name; do \
			touch -- "$$name"; done; \
	fi; \
	printf '%s\n' "$$now" > _build/.inputs-pages

book: install inputs
	@mkdir -p _build
	$(BIN)/jupyter-book build . -W -n --keep-going 2>&1 | tee _build/build.log
	@echo
	@echo "The book is built. Open $(CURDIR)/_build/html/index.html, or run 'make serve'."

# The unit, data and build tests do not need the book, so they run and report even when it
# cannot be built; the book tests then say why it failed. Either failure fails `make test`.
test: install
	@status=0; \
	$(MAKE) --no-print-directory book || status=$$?; \
	$(BIN)/python -m pytest $(TESTS) -n $(JOBS) --dist loadfile --nbval-lax --nbval-current-env \
		--nbval-cell-timeout=120 -p no:cacheprovider || status=$$?; \
	exit $$status

# Before a server starts, a port that cannot be used gets a sentence rather than a traceback.
define PORT_CHECK
import errno, socket, sys
target, port = sys.argv[1], sys.argv[2]
other = f"or choose another port: make {target} PORT={int(port) + 1 if port.isdigit() else 8001}"
if not port.isdigit() or not 0 < int(port) < 65536:
    sys.exit(f"PORT={port} is not a port number: choose one from 1024 to 65535, "
             f"for example: make {target} PORT=8001")
with socket.socket() as probe:
    probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        probe.bind(("127.0.0.1", int(port)))
    except OSError as err:
        busy = err.errno == errno.EADDRINUSE
        sys.exit(f"Port {port} is already in use, perhaps by another 'make {target}'. "
                 f"Stop that one, {other}" if busy
                 else f"Port {port} cannot be used ({err.strerror}): {other}")
endef
export PORT_CHECK

# JupyterLab refuses to run as root unless told; root is the usual user in a container.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)

lab: install
	@$(BIN)/python -c "$$PORT_CHECK" lab "$(LAB_PORT)"
	$(BIN)/jupyter lab --notebook-dir=. --port=$(LAB_PORT) --ServerApp.port_retries=0 $(ALLOW_ROOT) $(LAB_ARGS)

serve:
	@test -f _build/html/index.html || { echo "Build the book first: make book"; exit 1; }
	@$(BIN)/python -c "$$PORT_CHECK" serve "$(SERVE_PORT)"
	$(BIN)/python -m http.server $(SERVE_PORT) --bind 127.0.0.1 --directory _build/html

bench: install
	$(BIN)/python tools/bench.py

clean:
	rm -rf _build

FORCE:
