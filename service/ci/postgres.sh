#!/usr/bin/env bash
# A throwaway local Postgres for the service's CI steps, on a loopback port
# and a Unix socket in its own directory, trusted connections only.
#
#   bash service/ci/postgres.sh start DIR TARGET_DIR   # prints its postgres:// URL
#   bash service/ci/postgres.sh createdb DIR NAME      # a new database; prints its URL
#   bash service/ci/postgres.sh stop DIR
#
# The server binaries are Debian's `postgresql` package when it is
# installed, else those of the `pgserver` wheel (pinned) installed into
# TARGET_DIR/pgserver. As root, the server runs as the `postgres` user (or
# `nobody`): Postgres refuses to run as root.
set -euo pipefail
command=${1:?usage: postgres.sh start DIR TARGET_DIR | stop DIR}
dir=${2:?usage: postgres.sh start DIR TARGET_DIR | stop DIR}

as_owner() {
    if [ "$(id -u)" = 0 ]; then
        local user=postgres
        id "$user" > /dev/null 2>&1 || user=nobody
        runuser -u "$user" -- "$@"
    else
        "$@"
    fi
}

bindir() {
    # ORGMODEL_SERVICE_PG_WHEEL=1 takes the wheel even where Debian's are.
    if [ -z "${ORGMODEL_SERVICE_PG_WHEEL:-}" ]; then
        if command -v pg_config > /dev/null && [ -x "$(pg_config --bindir)/initdb" ]; then
            pg_config --bindir
            return
        fi
        for candidate in /usr/lib/postgresql/*/bin; do
            [ -x "$candidate/initdb" ] && { echo "$candidate"; return; }
        done
    fi
    local target=${3:?TARGET_DIR}
    local wheel="$target/pgserver"
    if [ ! -x "$wheel/pgserver/pginstall/bin/initdb" ]; then
        python3 -m pip install --quiet --disable-pip-version-check --no-deps --target "$wheel" pgserver==0.1.4 >&2
    fi
    echo "$wheel/pgserver/pginstall/bin"
}

case "$command" in
start)
    bin=$(bindir "$@")
    mkdir -p "$dir"
    if [ "$(id -u)" = 0 ]; then
        chown "$(id -u postgres 2> /dev/null || echo nobody)" "$dir"
        # The server's user must reach DIR (a temporary directory's parent is private).
        chmod a+x "$(dirname "$dir")"
    fi
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    as_owner "$bin/initdb" --pgdata="$dir/data" --username=service --auth=trust --encoding=UTF8 --no-sync > "$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    as_owner "$bin/pg_ctl" --pgdata="$dir/data" --log="$dir/server.log" --wait --timeout=60 \
        --options="-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c fsync=off -c max_connections=50" \
        start > /dev/null || { cat "$dir/server.log" >&2; exit 1; }
    echo "$bin" > "$dir/bindir"
    echo "$port" > "$dir/port"
    echo "postgres://service@127.0.0.1:$port/postgres"
    ;;
createdb)
    name=${3:?usage: postgres.sh createdb DIR NAME}
    port=$(cat "$dir/port")
    "$(cat "$dir/bindir")/createdb" --host=127.0.0.1 --port="$port" --username=service "$name"
    echo "postgres://service@127.0.0.1:$port/$name"
    ;;
stop)
    [ -f "$dir/bindir" ] || exit 0
    as_owner "$(cat "$dir/bindir")/pg_ctl" --pgdata="$dir/data" --mode=fast --wait stop > /dev/null || true
    rm -rf "$dir"
    ;;
*)
    echo "usage: postgres.sh start DIR TARGET_DIR | stop DIR" >&2
    exit 2
    ;;
esac
