# Two commands for a newcomer: `make run` and `make test`. Everything else is a helper for them.
# Django 6 needs Python >= 3.12: use the first suitable interpreter found (see docs/decisions/0001).
PYTHON ?= $(shell for p in python3.12 /root/.pyenv/versions/3.12*/bin/python3.12 python3.13 /root/.pyenv/versions/3.13*/bin/python3.13 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { command -v $$p; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint format install messages clean prod-check lock bench screenshots

# Installs come from the hashed locks, never from the ranges of requirements*.txt: the same versions
# and the same files everywhere (docs/decisions/0010-locked-installs.md). requirements.lock serves
# production; requirements-dev.lock adds the tools and is what the venv here gets. The stamp makes
# `make install` instant while the locks are unchanged.
$(STAMP): requirements.lock requirements-dev.lock
	@test -n "$(PYTHON)" || { echo "Python 3.12 or newer is required (Django 6)."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes -r requirements-dev.lock
	touch $(STAMP)

install: $(STAMP)

# The one command that upgrades the locks: every package to the newest version that
# requirements*.txt allows, for Python 3.12+ on any platform. `make lock LOCK_UPGRADE=` only brings
# the locks in line with edited requirements files, keeping the other versions.
LOCK_UPGRADE ?= --upgrade
UV_COMPILE = $(BIN)/uv pip compile --quiet --universal --python-version 3.12 --generate-hashes \
	--custom-compile-command "make lock" $(LOCK_UPGRADE)
lock: $(STAMP)
	$(UV_COMPILE) requirements.txt -o requirements.lock
	$(UV_COMPILE) requirements-dev.txt --constraints requirements.lock -o requirements-dev.lock
	$(MAKE) install

run: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py compilemessages --ignore=.venv -v 0 || true
	DEMO_MODE=true $(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py collectstatic --noinput -v 0
	@echo "Demo mode (DEMO_MODE=true): two-factor authentication is not required for moderators here."
	DEMO_MODE=true $(BIN)/uvicorn entrepairs.asgi:application --host 127.0.0.1 --port 8000

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The mixed-load benchmark (bench/load.py): PostgreSQL and Redis on 127.0.0.1, 1,000,000 posts generated
# once into the database entrepairs_bench, uvicorn with 2 workers, a fixed rate of 50 requests/s.
# Other scales and modes: make bench BENCH_ARGS="--posts 100000 --mode ramp --steps 50,100,200"
bench: $(STAMP)
	$(BIN)/python -m bench.load $(BENCH_ARGS)

# The ten main pages on the demo data, in French, at desktop (1280x800) and phone (390x844) width, as
# PNG files under screenshots/main-pages/ (ignored by git), each checked by axe-core (0 critical or
# serious violations) and, on a phone, for 44 px tap targets. Needs Debian's chromium.
screenshots: $(STAMP)
	SCREENSHOT_DIR=screenshots $(BIN)/python -m pytest tests/browser/test_main_pages.py -p no:cacheprovider -q $(PYTEST_ARGS)
	@echo "Screenshots: screenshots/main-pages/"

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run
	# The layers and contracts of docs/architecture.md ([tool.importlinter] in pyproject.toml).
	PYTHONPATH=. $(BIN)/lint-imports --no-cache

# Django's deployment checklist under production settings (HTTPS on, DEBUG off, its own key) and the
# migrations check; unset variables get example values (deploy/prod-check.sh). Run it on the server too.
prod-check: $(STAMP)
	PYTHON=$(BIN)/python deploy/prod-check.sh

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

messages: $(STAMP)
	$(BIN)/python manage.py makemessages -l fr -l en --ignore=.venv --ignore=tests
	$(BIN)/python manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
