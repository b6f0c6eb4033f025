#!/usr/bin/env bash
# Zeroconf discovery for real: a system D-Bus and avahi-daemon (started here when none runs; root), then
# `chatterbox wyoming` with wyoming.zeroconf set: `avahi-browse` must resolve NAME._wyoming._tcp to our port,
# and the record must go away when the server stops.
# Usage: Tests/wyoming/test_zeroconf.sh PATH_TO_CHATTERBOX
set -u
BIN=$(readlink -f "${1:?usage: test_zeroconf.sh PATH_TO_CHATTERBOX}")
WORK=$(mktemp -d); server=""; started=()
cleanup() {
    [ -n "$server" ] && kill -9 "$server" 2>/dev/null
    for pid in "${started[@]}"; do kill "$pid" 2>/dev/null; done
    rm -rf "$WORK"
}
trap cleanup EXIT
cd "$WORK"
for v in $(env | grep -o '^CHATTERBOX_[A-Z_]*'); do unset "$v"; done
pass=0; fail=0
check() { local name=$1; shift; if "$@"; then pass=$((pass + 1)); echo "ok   - $name"; else fail=$((fail + 1)); echo "FAIL - $name"; fi; }

bus_alive() { dbus-send --system --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus org.freedesktop.DBus.GetId > /dev/null 2>&1; }
# A daemon that answers, not merely a process of that name (a killed one can linger as a zombie).
avahi_alive() { timeout 5 avahi-browse -at > /dev/null 2>&1; }
if ! avahi_alive; then
    if ! bus_alive; then
        rm -f /run/dbus/pid /run/dbus/system_bus_socket  # left by a bus that died
        mkdir -p /run/dbus
        started+=("$(dbus-daemon --system --fork --print-pid)")
    fi
    rm -f /run/avahi-daemon/pid
    avahi-daemon --daemonize --no-chroot || { echo "cannot start avahi-daemon"; exit 1; }
    for _ in $(seq 50); do avahi_alive && break; sleep 0.2; done
    started+=("$(cat /run/avahi-daemon/pid 2>/dev/null)")
fi
check "avahi-daemon answers" avahi_alive

NAME="chatterbox-test-$$"
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
CHATTERBOX_WYOMING_ZEROCONF=$NAME "$BIN" wyoming --port "$PORT" > wyoming.log 2>&1 &
server=$!
found=""
for _ in $(seq 30); do
    found=$(timeout 5 avahi-browse -rtp _wyoming._tcp 2>/dev/null | grep "^=;.*;$NAME;_wyoming._tcp;" | head -n 1)
    [ -n "$found" ] && break
    sleep 0.5
done
echo "    avahi-browse: ${found:-nothing}"
check "avahi-browse resolves $NAME._wyoming._tcp" [ -n "$found" ]
check "to the Wyoming port ($PORT)" bash -c "[ \"\$(cut -d';' -f9 <<< '$found')\" = '$PORT' ]"
check "the server logged what it advertises" grep -rq "advertising $NAME._wyoming._tcp.local. on port $PORT" wyoming.log logs
kill -TERM $server; wait $server; rc=$?; server=""
check "chatterbox wyoming stops cleanly (exit $rc)" [ "$rc" -eq 0 ]
gone=1
for _ in $(seq 20); do
    timeout 5 avahi-browse -rtp _wyoming._tcp 2>/dev/null | grep -q ";$NAME;" || { gone=0; break; }
    sleep 0.5
done
check "the record is withdrawn when the server stops" [ "$gone" -eq 0 ]
echo "zeroconf: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
