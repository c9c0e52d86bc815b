# cocreate-kit: the two commands in the README.
#   make demo   create the environment and serve the apps on the bundled sample data
#   make test   create the environment and run the whole test suite (what CI runs)
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8866

.PHONY: env demo test lint browser-deps java-deps benchmarks gallery lock clean

$(VENV)/.installed: requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip>=24"
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

env: $(VENV)/.installed

# Debian Chromium (for the browser tests) and the npm axe-core and configurable-http-proxy
# (the JupyterHub test), installed when missing.
browser-deps:
	@if [ ! -x /usr/bin/chromium ]; then \
	  echo "Installing Debian chromium (apt)"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -q && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; \
	fi
	@if ! command -v npm >/dev/null; then \
	  echo "Installing Debian npm (apt)"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -q && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q npm; \
	fi
	@if [ ! -f node_modules/axe-core/axe.min.js ] || [ ! -x node_modules/.bin/configurable-http-proxy ]; then \
	  npm ci --no-audit --no-fund --silent; \
	fi

# Java 17 for the Apache Spark tests (pyspark comes from the lock file), installed when
# `java` is missing: Debian's openjdk-17-jre-headless.
java-deps:
	@if ! command -v java >/dev/null && [ -z "$$JAVA_HOME" ]; then \
	  echo "Installing Debian openjdk-17-jre-headless (apt) for the Spark tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -q && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q openjdk-17-jre-headless; \
	fi

lint: env
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

demo: env
	$(VENV)/bin/cocreate serve notebooks --port $(PORT)

test: env browser-deps java-deps lint
	$(PY) -m pytest tests cocreate_kit notebooks templates --nbval-lax --sanitize-with tests/nbval_sanitize.cfg

# Screenshots of every app (1280 and 390 px, and Danish) for the README's gallery.
gallery: env browser-deps
	$(PY) scripts/gallery.py

benchmarks: env browser-deps
	$(PY) benchmarks/serve.py
	$(PY) benchmarks/journey.py
	$(PY) benchmarks/eventlog_scale.py
	$(PY) benchmarks/experiment.py
	$(PY) benchmarks/experiment_scale.py --big 100000000
	$(PY) benchmarks/count_model.py
	$(PY) benchmarks/feedback.py
	$(PY) benchmarks/redaction.py
	$(PY) benchmarks/check_memory.py
	$(PY) benchmarks/import_cost.py
	$(PY) benchmarks/verdicts.py

# Re-pin the lock file from pyproject.toml (needs network access to the package index).
lock:
	rm -rf .lockenv && $(PYTHON) -m venv .lockenv
	.lockenv/bin/pip install --quiet -e ".[dev,hub,spark]"
	.lockenv/bin/pip freeze --exclude-editable | grep -v '^-e' > requirements.lock
	rm -rf .lockenv

clean:
	rm -rf $(VENV) build dist .pytest_cache node_modules
