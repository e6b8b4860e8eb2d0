# The project's commands. `make run` and `make test` work on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
FLASK := $(BIN)/flask --app app
# PostgreSQL for the suite's second pass: TEST_DATABASE_URL, else the local server if it answers.
PG_URL := $(or $(TEST_DATABASE_URL),postgresql+psycopg://postgres@127.0.0.1:5432/postgres)
# The suite's processes (pytest-xdist: each takes the next test and, at the end, steals from the
# others; `make test WORKERS=0` runs in one process). Three keep two cores busy while one of them
# waits on a browser or a database.
WORKERS ?= 3
PYTEST := $(BIN)/pytest -q -p no:cacheprovider
PARALLEL := $(PYTEST) -n $(WORKERS) --dist worksteal

.PHONY: install run test services lint test-sqlite test-postgres postgres-pass storms postgres-reachable bench translations extract-messages clean

install: $(VENV)/.installed translations

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

translations: $(VENV)/.installed
	$(BIN)/pybabel compile --statistics -d app/translations

# A development server, asked for explicitly (APP_ENV is production unless set).
run: export APP_ENV = development
run: install
	$(FLASK) db upgrade
	$(FLASK) seed-demo --if-empty
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

# Every test but the storms (PostgreSQL only), including those that read no database.
test-sqlite: install
	TEST_DATABASE_URL= $(PARALLEL) -m "not stress"

# The PostgreSQL pass is never skipped: the row locks that prevent overselling are proven only
# there. `make test-sqlite` is the one way to run without it, asked for by name. The tests that
# read no database (agnostic) and those whose proof does not depend on the database (once) ran in
# the SQLite pass; the storms run last, alone, since they race processes of their own against
# each other.
test-postgres: postgres-pass storms

postgres-pass: install postgres-reachable
	TEST_DATABASE_URL="$(PG_URL)" $(PARALLEL) -m "not stress and not agnostic and not once"

storms: install postgres-reachable
	TEST_DATABASE_URL="$(PG_URL)" $(PYTEST) -m stress

postgres-reachable: install
	@$(BIN)/python -m tests.postgres_reachable "$(PG_URL)" || \
		{ echo "PostgreSQL is not reachable at $(PG_URL) (make test starts it where it can)"; exit 1; }

# Starts PostgreSQL and Redis and installs Chromium where this machine can, or stops at once.
services: install
	scripts/test-services "$(PG_URL)"

# The two passes side by side, each with its own workers (PAIR_WORKERS each, 2 unless WORKERS is
# given): on two cores, what one pass waits for (processes starting, a browser, the database) and
# the last long tests at its end leave room for the other. Each pass's output is shown whole when
# it ends. Then the storms, alone.
PAIR_WORKERS ?= $(if $(filter command line,$(origin WORKERS)),$(WORKERS),2)
test: services lint
	$(MAKE) --no-print-directory -j2 --output-sync=target WORKERS=$(PAIR_WORKERS) \
		test-sqlite postgres-pass
	$(MAKE) --no-print-directory storms

bench: export APP_ENV = development
bench: install
	RATELIMIT_ENABLED=false $(BIN)/python -m bench.catalogue
	RATELIMIT_ENABLED=false $(BIN)/python -m bench.bookings
	RATELIMIT_ENABLED=false $(BIN)/python -m bench.calendars
	RATELIMIT_ENABLED=false $(BIN)/python -m bench.confirmations

extract-messages: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k N_ -k NC_:1c,2 -o app/translations/messages.pot --no-location --omit-header --sort-output .
	$(BIN)/pybabel update -i app/translations/messages.pot -d app/translations --no-fuzzy-matching --ignore-obsolete

clean:
	rm -rf $(VENV) instance/*.sqlite3*
