#!/usr/bin/env bash
# A PostgreSQL server on loopback for the tests (Debian's postgresql package): `start` installs it when
# missing, starts the cluster, creates the role and database, and prints the URL to use;
# `stop` stops the cluster again.  Usage: bash scripts/test-postgres.sh start|stop
set -euo pipefail
ROLE=chatterbox; DB=chatterbox_test; PASSWORD=chatterbox-test
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi; }
case "${1:-start}" in
start)
    if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
        $SUDO apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends postgresql >/dev/null
    fi
    VERSION=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
    if ! pg_lsclusters -h | grep -q "^$VERSION main"; then $SUDO pg_createcluster "$VERSION" main >&2; fi
    pg_lsclusters -h | grep -q "^$VERSION main .* online" || $SUDO pg_ctlcluster "$VERSION" main start >&2
    for _ in $(seq 1 50); do as_postgres psql -qAtc "SELECT 1" >/dev/null 2>&1 && break; sleep 0.2; done
    as_postgres psql -qAtc "SELECT 1 FROM pg_roles WHERE rolname = '$ROLE'" | grep -q 1 \
        || as_postgres psql -qc "CREATE ROLE $ROLE LOGIN PASSWORD '$PASSWORD'" >&2
    as_postgres psql -qAtc "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1 \
        || as_postgres psql -qc "CREATE DATABASE $DB OWNER $ROLE" >&2
    echo "postgres://$ROLE:$PASSWORD@127.0.0.1:5432/$DB"
    ;;
stop)
    VERSION=$(ls /usr/lib/postgresql 2>/dev/null | sort -V | tail -n 1)
    [ -n "$VERSION" ] && $SUDO pg_ctlcluster "$VERSION" main stop >/dev/null 2>&1 || true
    ;;
esac
