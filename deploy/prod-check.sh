#!/usr/bin/env bash
# `make prod-check`: Django's deployment checklist (`check --deploy`) under production settings, and
# no model change without its migration. Run it on a server with the real environment; a variable
# that is not set is given an example production value, named on the output, so that CI checks
# the production configuration of the code itself (HTTPS on, DEBUG off, its own key, SMTP).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-.venv/bin/python}

example() {  # example NAME VALUE: use VALUE only when NAME is unset or empty
  if [ -z "${!1:-}" ]; then
    export "$1=$2"
    printf 'prod-check: %s not set, using an example value\n' "$1"
  fi
}
if [ -z "${SECRET_KEY:-}" ] && [ -z "${SECRET_KEY_FILE:-}" ]; then
  # A throwaway key, never written anywhere: production mode refuses to start without one.
  example SECRET_KEY "$("$PYTHON" -c 'import secrets; print(secrets.token_urlsafe(50))')"
fi
example HTTPS true
example BEHIND_PROXY true
example ALLOWED_HOSTS entrepairs.example.org
example CSRF_TRUSTED_ORIGINS https://entrepairs.example.org
example SITE_URL https://entrepairs.example.org
example EMAIL_BACKEND django.core.mail.backends.smtp.EmailBackend
# Several workers count their limits, cache and sockets in one Redis (check entrepairs.W001).
example REDIS_URL redis://127.0.0.1:6379/0

"$PYTHON" manage.py check --deploy --fail-level WARNING
"$PYTHON" manage.py makemigrations --check --dry-run
echo "prod-check: passed"
