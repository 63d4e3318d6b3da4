#!/usr/bin/env bash
# Fuzz the served API against its own OpenAPI schema (bounded in examples and time): no response may be
# a server error or break the schema. Runs on a throw-away SQLite database with the curated data.
# Usage: scripts/schemathesis.sh [MAX_EXAMPLES] [MAX_SECONDS]
source "$(dirname "$0")/_venv.sh"
examples=${1:-15}
seconds=${2:-600}
port=${SCHEMATHESIS_PORT:-8799}
workdir=$(mktemp -d)
export DATABASE_URL="sqlite:///$workdir/fuzz.sqlite3" CASEBOOK_THROTTLE_USER="1000000/minute"
.venv/bin/python manage.py migrate -v0
.venv/bin/python manage.py load_casebook -v0
token=$(.venv/bin/python manage.py shell -v0 -c "
from rest_framework.authtoken.models import Token
from cases.services.accounts import demo_analyst_ensure
from django.contrib.auth import get_user_model
demo_analyst_ensure(username='fuzz-analyst')
print(Token.objects.get_or_create(user=get_user_model().objects.get(username='fuzz-analyst'))[0].key)")
.venv/bin/python manage.py runserver "127.0.0.1:$port" --noreload > "$workdir/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$workdir"' EXIT
for _ in $(seq 1 60); do curl -sf -o /dev/null "http://127.0.0.1:$port/api/v1/schema/" -H "Authorization: Token $token" && break; sleep 1; done
status=0
.venv/bin/schemathesis run "http://127.0.0.1:$port/api/v1/schema/" \
  --header "Authorization: Token $token" \
  --checks not_a_server_error,response_schema_conformance \
  --max-examples "$examples" --max-time "$seconds" --seed 1 \
  --exclude-path-regex '/auth/token/' || status=$?
if [ $status -ne 0 ]; then
  echo "schemathesis found problems; server log tail:"; tail -n 40 "$workdir/server.log"
fi
exit $status
