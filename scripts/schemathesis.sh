#!/usr/bin/env bash
# Fuzz the served API against its own OpenAPI schema (bounded in examples and time): no response may be
# a server error or break the schema. Every phase runs: the schema's examples, coverage, fuzzing, and
# stateful sequences that follow the schema's links (create a record, then read, change it).
#
# Database: DATABASE_URL when given (it is migrated and loaded with the curated data, and the fuzzer's
# writes stay in it, so give it a database made for this); otherwise a throw-away SQLite file.
# Schemathesis keeps its cache and example database in the temporary folder, never in the project.
# Usage: scripts/schemathesis.sh [MAX_EXAMPLES] [MAX_SECONDS]
source "$(dirname "$0")/_venv.sh"
examples=${1:-30}
seconds=${2:-600}
port=${SCHEMATHESIS_PORT:-8799}
project=$(pwd)
workdir=$(mktemp -d)
export DATABASE_URL="${DATABASE_URL:-sqlite:///$workdir/fuzz.sqlite3}" CASEBOOK_THROTTLE_USER="1000000/minute"
echo "schemathesis: database ${DATABASE_URL%%:*}, $examples examples per operation, at most $seconds s"
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
cat > "$workdir/schemathesis.toml" <<EOF
[cache]
directory = "$workdir/cache"

[phases.stateful]
max-steps = 40
EOF
# One worker: hypothesis describes strategies by parsing source, and CPython 3.11 parsing is not safe across
# threads ("AST constructor recursion depth mismatch"). The coverage phase alone can spend any budget: it gets two fifths, fuzzing and stateful sequences the rest.
first=$(( seconds * 2 / 5 )); second=$(( seconds - first ))
fuzz() {  # PHASES SECONDS; run from the temporary folder so that nothing is written into the project
  (cd "$workdir" && "$project/.venv/bin/schemathesis" --config-file "$workdir/schemathesis.toml" run \
    "http://127.0.0.1:$port/api/v1/schema/" \
    --header "Authorization: Token $token" \
    --checks not_a_server_error,response_schema_conformance \
    --phases "$1" --max-examples "$examples" --max-time "$2" --seed 1 --workers 1 \
    --generation-database none \
    --exclude-path-regex '/auth/token/')
}
status=0
fuzz examples,coverage "$first" || status=$?
fuzz fuzzing,stateful "$second" || status=$?
if [ $status -ne 0 ]; then
  echo "schemathesis found problems; server log tail:"; tail -n 60 "$workdir/server.log"
fi
exit $status
