# One-command setup: `make run` serves the app, `make test` runs every test.
# Everything the project needs is installed here (venv, Python packages, Debian packages for the
# browser and PDF tests), so a fresh machine needs nothing but Python 3.11+ and make.

.DELETE_ON_ERROR:

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
UV     := $(VENV)/bin/uv
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 5000
N      ?= 2
DEBIAN_PACKAGES := chromium chromium-driver poppler-utils libharfbuzz-subset0 nginx openssl
BROTLI_PACKAGE  := libnginx-mod-http-brotli-filter
BROTLI_MODULE   := /usr/lib/nginx/modules/ngx_http_brotli_filter_module.so

TRANSLATIONS := decision_aid/translations
LANG_CODES   := $(notdir $(patsubst %/,%,$(dir $(wildcard $(TRANSLATIONS)/*/LC_MESSAGES))))
MO_FILES     := $(patsubst %.po,%.mo,$(wildcard $(TRANSLATIONS)/*/LC_MESSAGES/*.po))

.PHONY: translations translations-extract translations-update help install run serve serve-proxy test test-fast lint typecheck check system-deps proxy-deps brotli-module bench bench-serve bench-instructions bench-proxy css fonts clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | sort

$(STAMP): pyproject.toml requirements-dev.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@test -x $(UV) || { $(PY) -m pip --version >/dev/null 2>&1 || $(PY) -m ensurepip --upgrade >/dev/null; \
	  $(PY) -m pip install --quiet --disable-pip-version-check uv==0.13.8; }
	$(UV) pip sync --quiet --python $(PY) requirements-dev.lock
	$(UV) pip install --quiet --python $(PY) --no-deps -e .
	@touch $(STAMP)

install: $(STAMP) translations ## Create the venv and install the pinned packages

translations: $(MO_FILES) ## Compile the translation catalogues (.po to .mo; the .mo files are not committed)

%.mo: %.po $(STAMP)
	$(VENV)/bin/pybabel compile -i $< -o $@

translations-extract: $(STAMP) ## Extract the words to translate: messages.pot (code, templates) and content.pot (YAML)
	$(VENV)/bin/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k lazy_ngettext:1,2 -o $(TRANSLATIONS)/messages.pot \
	  --no-wrap --sort-by-file --project "AS decision aid" --msgid-bugs-address "" --add-comments=Translators: decision_aid templates
	$(VENV)/bin/pybabel extract -F babel-content.cfg -o $(TRANSLATIONS)/content.pot \
	  --no-wrap --sort-by-file --project "AS decision aid content" --msgid-bugs-address "" rules

translations-update: translations-extract ## Merge new and changed words into each language's .po (changed ones become fuzzy); NEW=fr starts a language
	for lang in $(LANG_CODES) $(NEW); do for domain in messages content; do \
	  if [ -f $(TRANSLATIONS)/$$lang/LC_MESSAGES/$$domain.po ]; then \
	    $(VENV)/bin/pybabel update --no-wrap --previous -D $$domain -l $$lang -d $(TRANSLATIONS) -i $(TRANSLATIONS)/$$domain.pot; \
	  else $(VENV)/bin/pybabel init --no-wrap -D $$domain -l $$lang -d $(TRANSLATIONS) -i $(TRANSLATIONS)/$$domain.pot; fi; done; done

run: $(STAMP) translations ## Serve the app on http://$(HOST):$(PORT) (development server)
	FLASK_APP='decision_aid:create_app()' $(VENV)/bin/flask run --host $(HOST) --port $(PORT)

serve: $(STAMP) translations ## Serve with gunicorn as in production (needs SECRET_KEY and DECISION_AID_ENV=production)
	$(VENV)/bin/gunicorn --workers 2 --worker-class sync --bind $(HOST):$(PORT) \
	  --preload --max-requests 1000 --max-requests-jitter 100 --timeout 30 'decision_aid:create_app()'

serve-proxy: $(STAMP) proxy-deps ## nginx (TLS, HTTP/2, self-signed) in front of N=$(N) instances on loopback; Ctrl-C stops all
	$(PY) -m bench.proxy --instances $(N)

system-deps: ## Install the Debian packages the tests use (Chromium, poppler-utils, HarfBuzz's subsetter, nginx, openssl)
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium chromium-driver"; \
	command -v pdftotext >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	/sbin/ldconfig -p 2>/dev/null | grep -q 'libharfbuzz-subset.so.0 ' || missing="$$missing libharfbuzz-subset0"; \
	command -v nginx >/dev/null 2>&1 || test -x /usr/sbin/nginx || missing="$$missing nginx"; \
	command -v openssl >/dev/null 2>&1 || missing="$$missing openssl"; \
	sh deploy/apt-install.sh "$(DEBIAN_PACKAGES) $(BROTLI_PACKAGE)" $$missing
	@$(MAKE) --no-print-directory brotli-module

proxy-deps: ## Install nginx and openssl (for serve-proxy and bench-proxy)
	@missing=""; \
	command -v nginx >/dev/null 2>&1 || test -x /usr/sbin/nginx || missing="$$missing nginx"; \
	command -v openssl >/dev/null 2>&1 || missing="$$missing openssl"; \
	sh deploy/apt-install.sh "nginx openssl $(BROTLI_PACKAGE)" $$missing
	@$(MAKE) --no-print-directory brotli-module

brotli-module: # nginx's brotli module where Debian has it; gzip alone otherwise (not an error)
	@test -e $(BROTLI_MODULE) || ! apt-cache show $(BROTLI_PACKAGE) >/dev/null 2>&1 || \
	  sh deploy/apt-install.sh "$(BROTLI_PACKAGE)" $(BROTLI_PACKAGE) || \
	  echo "nginx will compress with gzip only (no $(BROTLI_PACKAGE))"

lint: $(STAMP) ## ruff (with the security rules) on the package, tests and benchmarks
	$(VENV)/bin/ruff check decision_aid tests bench

typecheck: $(STAMP) ## mypy on the package
	$(VENV)/bin/mypy

check: $(STAMP) ## Validate the YAML content and rules
	$(VENV)/bin/decision-aid check

test: $(STAMP) translations system-deps lint typecheck ## Install what is needed and run every test
	$(PY) -m pytest -q

test-fast: $(STAMP) ## Every test except the real-browser ones
	$(PY) -m pytest -q -m "not browser"

bench: $(STAMP) ## Run every benchmark (prints figures; not tests). bench-serve needs Debian's wrk
	$(PY) bench/pages.py
	$(PY) bench/rules.py
	$(PY) bench/pdf.py

bench-serve: $(STAMP) ## Serving benchmark: gunicorn + wrk on loopback (installs wrk if it can)
	@command -v wrk >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && apt-get install -y -qq wrk >/dev/null; } || \
	  { echo "bench-serve needs wrk: apt-get install -y wrk"; exit 1; }
	$(PY) bench/serve.py

bench-instructions: $(STAMP) ## Instructions per request under callgrind (steady whatever the machine's load; needs valgrind)
	@command -v valgrind >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && apt-get install -y -qq valgrind >/dev/null; } || \
	  { echo "bench-instructions needs valgrind: apt-get install -y valgrind"; exit 1; }
	$(PY) bench/instructions.py

bench-proxy: $(STAMP) proxy-deps ## Proxy benchmark: 1 and 2 instances behind nginx, and nginx against direct (needs wrk)
	@command -v wrk >/dev/null 2>&1 || sh deploy/apt-install.sh wrk wrk
	$(PY) bench/serve_proxy.py

css: ## Rebuild static/css/app.css from static/src (needs npm; the output is committed)
	cd static/src && npm install --no-audit --no-fund --silent && npm run -s build

fonts: $(STAMP) ## Make the web fonts (WOFF2) from the TTFs in static/fonts (the output is committed)
	for f in static/fonts/*.ttf; do $(VENV)/bin/fonttools ttLib.woff2 compress -o "$${f%.ttf}.woff2" "$$f"; done

clean: ## Remove the venv and caches
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
