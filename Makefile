# citekb: every target sets up what it needs. `make serve` is the main job, `make test` the tests.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed

.PHONY: install check serve site test bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

check: $(STAMP)  ## check the shipped knowledge base
	$(BIN)/citekb check --strict

serve: $(STAMP)  ## check the knowledge base, then build and serve the site on http://127.0.0.1:8000
	$(BIN)/citekb check --strict
	$(BIN)/mkdocs serve --strict --dev-addr 127.0.0.1:8000

site: $(STAMP)  ## build the static site into site/
	$(BIN)/mkdocs build --strict

test: $(STAMP)  ## run the whole test suite (installs Debian chromium for browser tests when root)
	bash scripts/install-browser.sh
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python scripts/bench.py

clean:
	rm -rf $(VENV) site build .pytest_cache
