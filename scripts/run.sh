#!/usr/bin/env bash
# Set up and serve Casebook locally: virtualenv, migrations, curated data, demo analyst, server.
# Usage: scripts/run.sh [ADDRESS:PORT]   (default 127.0.0.1:8000; DATABASE_URL selects PostgreSQL)
# The load never undoes analysts' work: cases and records they changed are kept (load_casebook lists them).
# CASEBOOK_SETUP_ONLY=1 does everything but serve.
source "$(dirname "$0")/_venv.sh"
addr=${1:-127.0.0.1:8000}
.venv/bin/python manage.py migrate --noinput
.venv/bin/python manage.py createcachetable
.venv/bin/python manage.py load_casebook
login=$(.venv/bin/python manage.py demo_analyst)
token=$(echo "$login" | sed -n 's/^Demo analyst API token: //p')
echo
echo "  Admin:    http://$addr/admin/"
echo "  API:      http://$addr/api/v1/   (docs: http://$addr/api/v1/docs/)"
echo "$login" | sed 's/^/  /'
echo "  Try:      curl -H \"Authorization: Token $token\" \"http://$addr/api/v1/stats/sentences/?group_by=country\""
echo
if [ "${CASEBOOK_SETUP_ONLY:-}" = 1 ]; then exit 0; fi
exec .venv/bin/python manage.py runserver "$addr"
