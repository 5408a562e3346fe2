# The two commands of the README. Each sets up what it needs, so both work on a fresh machine.
VENV ?= .venv
export NO_MKDOCS_2_WARNING := 1

.PHONY: site test serve check editor clean

site:  ## set up, check and build the handbook into site/
	scripts/setup.sh
	$(VENV)/bin/policybook build

test:  ## set up and run the whole test suite
	scripts/setup.sh --test
	$(VENV)/bin/python -m pytest

LOCALE ?= en
# --dirty: a save re-renders only the changed pages (3-5 s instead of 90 s at 2,000 pages; see the
# Performance page); other pages' navigation catches up on the next full build.
serve:  ## live preview of one locale on http://127.0.0.1:8000 (make serve LOCALE=ar)
	scripts/setup.sh
	POLICYBOOK_LOCALE=$(LOCALE) $(VENV)/bin/mkdocs serve --dirty

check:  ## content checks only, no build
	$(VENV)/bin/policybook check

editor:  ## a writer's set-up: front-matter checked while typing, `policybook check` on every commit
	scripts/setup.sh --editor
	$(VENV)/bin/policybook schema --output .schemas >/dev/null
	$(VENV)/bin/pre-commit install

clean:
	rm -rf site .pytest_cache
