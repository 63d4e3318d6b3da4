#!/usr/bin/env bash
# Serve Casebook in production mode under gunicorn: install, collect static files, migrate (which also
# creates the cache table), then serve. Never reloads the curated fixtures (run `manage.py load_casebook`
# yourself when you mean to; it keeps analysts' work). Put it behind a TLS proxy (see README).
# Needs: SECRET_KEY, ALLOWED_HOSTS (and usually DATABASE_URL, REDIS_URL, CASEBOOK_BEHIND_TLS_PROXY=true).
# Usage: scripts/serve.sh [ADDRESS:PORT]   (default 127.0.0.1:8000; workers: 2 x CPUs + 1, or WEB_CONCURRENCY)
source "$(dirname "$0")/_venv.sh"
export CASEBOOK_ENV=production
bind=${1:-127.0.0.1:8000}
workers=${WEB_CONCURRENCY:-$(( 2 * $(nproc) + 1 ))}
.venv/bin/python manage.py check --deploy --fail-level ERROR
.venv/bin/python manage.py collectstatic --noinput -v0
.venv/bin/python manage.py migrate --noinput
exec .venv/bin/gunicorn config.wsgi:application \
  --bind "$bind" --workers "$workers" --timeout "${GUNICORN_TIMEOUT:-60}" \
  --graceful-timeout 30 --max-requests 2000 --max-requests-jitter 200 \
  --forwarded-allow-ips "${FORWARDED_ALLOW_IPS:-127.0.0.1}" --access-logfile -
