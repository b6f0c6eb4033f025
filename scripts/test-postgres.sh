#!/usr/bin/env bash
# A PostgreSQL server on loopback for the tests (Debian's postgresql package): `start` installs it when
# missing, starts the cluster, creates the role and database, and prints the URL to use;
# `tls DIR` makes a test CA and a server certificate (localhost, 127.0.0.1) under DIR with openssl, turns TLS on
# in the cluster and prints the CA file (a second CA, DIR/other-ca.pem, signs nothing the server has);
# `stop` stops the cluster again.  Usage: bash scripts/test-postgres.sh start|tls DIR|stop
set -euo pipefail
ROLE=chatterbox; DB=chatterbox_test; PASSWORD=chatterbox-test
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi; }
case "${1:-start}" in
start)
    if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
        $SUDO apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends postgresql postgresql-client-common >/dev/null
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
tls)
    DIR=${2:?usage: test-postgres.sh tls DIR}
    mkdir -p "$DIR"
    VERSION=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
    DATA=$(pg_lsclusters -h | awk -v v="$VERSION" '$1 == v && $2 == "main" { print $6 }')
    if [ ! -s "$DIR/ca.pem" ]; then
        openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=chatterbox test CA" -keyout "$DIR/ca.key" -out "$DIR/ca.pem" 2>/dev/null
        openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=another CA" -keyout "$DIR/other-ca.key" -out "$DIR/other-ca.pem" 2>/dev/null
        openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout "$DIR/server.key" -out "$DIR/server.csr" 2>/dev/null
        printf 'subjectAltName=DNS:localhost\n' > "$DIR/san.ext"
        openssl x509 -req -in "$DIR/server.csr" -CA "$DIR/ca.pem" -CAkey "$DIR/ca.key" -CAcreateserial -days 30 \
            -extfile "$DIR/san.ext" -out "$DIR/server.pem" 2>/dev/null
    fi
    $SUDO install -o postgres -g postgres -m 600 "$DIR/server.key" "$DATA/chatterbox-test.key"
    $SUDO install -o postgres -g postgres -m 644 "$DIR/server.pem" "$DATA/chatterbox-test.pem"
    as_postgres psql -qc "ALTER SYSTEM SET ssl_cert_file = '$DATA/chatterbox-test.pem'" >&2
    as_postgres psql -qc "ALTER SYSTEM SET ssl_key_file = '$DATA/chatterbox-test.key'" >&2
    as_postgres psql -qc "ALTER SYSTEM SET ssl = on" >&2
    as_postgres psql -qAtc "SELECT pg_reload_conf()" >/dev/null
    echo "$DIR/ca.pem"
    ;;
stop)
    VERSION=$(ls /usr/lib/postgresql 2>/dev/null | sort -V | tail -n 1)
    [ -n "$VERSION" ] && $SUDO pg_ctlcluster "$VERSION" main stop >/dev/null 2>&1 || true
    ;;
esac
