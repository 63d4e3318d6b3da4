#!/usr/bin/env bash
# Run the whole test suite (SQLite by default; set DATABASE_URL for PostgreSQL). Extra arguments go to pytest.
source "$(dirname "$0")/_venv.sh"
exec .venv/bin/python -m pytest "$@"
