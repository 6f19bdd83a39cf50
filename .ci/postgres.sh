#!/usr/bin/env bash
# Starts a private PostgreSQL server for the test suite and prints the URL for FACEGATE_TEST_POSTGRES_URL.
# Usage: eval "$(.ci/postgres.sh start DIR)"   ...   .ci/postgres.sh stop DIR
# Installs Debian's postgresql when no server binaries are found. The server listens on 127.0.0.1 only, on a
# free port, with its data and socket in DIR; the database facegate_test belongs to the user facegate.
set -euo pipefail
cmd=${1:?start or stop}; dir=${2:?folder}

find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

bin=$(find_bin)
case "$cmd" in
  start)
    if [ -z "$bin" ]; then
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -qq >&2 && apt-get install -y -qq postgresql >&2
      bin=$(find_bin)
    fi
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    port=55432
    while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
    as_pg "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --no-locale >/dev/null
    as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
      -o "-p $port -c listen_addresses=127.0.0.1 -k $dir -c fsync=off -c max_connections=200" start >/dev/null
    as_pg "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -q -v ON_ERROR_STOP=1 \
      -c "CREATE USER facegate PASSWORD 'facegate'" -c "CREATE DATABASE facegate_test OWNER facegate" >/dev/null
    echo "export FACEGATE_TEST_POSTGRES_URL=postgres://facegate:facegate@127.0.0.1:$port/facegate_test"
    ;;
  stop)
    [ -d "$dir/data" ] && as_pg "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
    ;;
esac
