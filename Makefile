# citekb: every target sets up what it needs. `make serve` is the main job, `make test` the tests.
# Each target installs only what it uses: the site extra for serve/site, the test extra for test.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
PORT   ?= 8000
HOST   ?= 127.0.0.1

.PHONY: install check serve site site-zensical test bench shell clean

$(VENV)/.created:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	touch $@

$(VENV)/.installed-site: pyproject.toml setup.py $(VENV)/.created
	$(BIN)/pip install --quiet -e '.[site]'
	touch $@

$(VENV)/.installed-test: pyproject.toml setup.py $(VENV)/.created
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed-site $(VENV)/.installed-zensical

# The site's browser libraries (Cytoscape.js for the graph explorer), bundled into the built site;
# package-lock.json pins them, node_modules/ is never committed.
NODE_STAMP = node_modules/.citekb-installed
$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || bash scripts/install-browser.sh  # installs npm from Debian when root
	@command -v npm >/dev/null || { echo "error: npm is needed for the site's bundled graph library (Debian: apt-get install npm)" >&2; exit 2; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed-site $(NODE_STAMP)

check: $(VENV)/.installed-site  ## check the shipped knowledge base
	$(BIN)/citekb check --strict

serve: $(VENV)/.installed-site $(NODE_STAMP)  ## check the knowledge base, then build and serve the site (PORT=8000)
	$(BIN)/citekb check --strict
	@echo "Serving the site at http://$(HOST):$(PORT)/ once built (about 30 s); stop with Ctrl+C."
	$(BIN)/mkdocs serve --strict --dev-addr $(HOST):$(PORT)

site: $(VENV)/.installed-site $(NODE_STAMP)  ## build the static site into site/
	$(BIN)/mkdocs build --strict

$(VENV)/.installed-zensical: pyproject.toml setup.py $(VENV)/.created
	$(BIN)/pip install --quiet -e '.[site,zensical]'
	touch $@ $(VENV)/.installed-site

site-zensical: $(VENV)/.installed-zensical $(NODE_STAMP)  ## build the same site with Zensical into build/zensical/site
	$(BIN)/python scripts/zensical_build.py

test: $(VENV)/.installed-test $(NODE_STAMP)  ## run the whole test suite (installs Debian chromium for browser tests when root)
	bash scripts/install-browser.sh
	$(BIN)/python -m pytest

bench: $(VENV)/.installed-test
	$(BIN)/python scripts/bench.py

shell: $(VENV)/.installed-site  ## a shell with citekb on PATH (exit to leave)
	@echo "citekb is on PATH in this shell; type exit to leave."
	@PATH="$(CURDIR)/$(BIN):$$PATH" VIRTUAL_ENV="$(CURDIR)/$(VENV)" $${SHELL:-bash}

clean:
	rm -rf $(VENV) site build dist .pytest_cache node_modules
