# Two entry points for a fresh machine: `make demo` and `make test` (see README.md).
VENV ?= .venv
STAMP := $(VENV)/.installed

.PHONY: install demo test lint bench accuracy accuracy-record

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(VENV)/bin/edureports demo
	@echo ""
	@echo "Browse it in a web browser (read-only; Ctrl-C stops the server):"
	@echo "  $(VENV)/bin/edureports --db sqlite:///edureports-demo.db serve"
	@echo "  then open http://127.0.0.1:8001/  (charts: http://127.0.0.1:8001/-/charts)"

lint: install
	$(VENV)/bin/ruff check .

# Starts (installing it first if needed and allowed) a throwaway PostgreSQL on loopback,
# so that every database test runs on SQLite and on PostgreSQL, and installs Debian's
# chromium and a CJK font for the browser tests when missing (and allowed).
test: install lint
	bash scripts/install-browser.sh >/dev/null
	EDUREPORTS_TEST_POSTGRES_URL="$${EDUREPORTS_TEST_POSTGRES_URL:-$$(bash scripts/test-postgres.sh)}" \
		$(VENV)/bin/pytest

bench: install
	$(VENV)/bin/python benchmarks/run.py

# The parser against the analysts' gold on accuracy/corpus/dev (docs/accuracy.md): a table of
# metrics beside their recorded values. accuracy-record rewrites accuracy/baseline.toml
# and the table of docs/accuracy.md.
accuracy: install
	$(VENV)/bin/edureports accuracy

accuracy-record: install
	$(VENV)/bin/edureports accuracy --record --docs docs/accuracy.md
