#!/usr/bin/env bash
# Run a command with a throw-away PostgreSQL server on 127.0.0.1 and PWB_TEST_POSTGRES_URL set
# to it; the server and its data are gone when the command ends.
#
# The server comes from the machine's own packages (installed with apt-get when missing and we
# are root). PostgreSQL refuses to run as root, so as root it runs as a system user "pwbpg".
# When PWB_TEST_POSTGRES_URL is already set, that server is used and nothing is started.
set -euo pipefail

if [ -n "${PWB_TEST_POSTGRES_URL:-}" ]; then
  exec "$@"
fi

find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
PGBIN=$(find_bin)
if [ -z "$PGBIN" ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "with-postgres: installing the PostgreSQL server from the system packages" >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    PGBIN=$(find_bin)
  fi
  if [ -z "$PGBIN" ]; then
    echo "with-postgres: no PostgreSQL server found; install it (apt-get install postgresql)" >&2
    exit 1
  fi
fi

DIR=$(mktemp -d /tmp/pwb-pg.XXXXXX)
RUN_AS=()
if [ "$(id -u)" = 0 ]; then
  id -u pwbpg >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin pwbpg
  chown pwbpg "$DIR"
  RUN_AS=(runuser -u pwbpg --)
fi

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

stop() {
  "${RUN_AS[@]}" "$PGBIN/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$DIR"
}
trap stop EXIT

"${RUN_AS[@]}" "$PGBIN/initdb" -D "$DIR/data" -U pwb --auth=trust -E UTF8 --locale=C.UTF-8 \
  >"$DIR/initdb.log" 2>&1 || { cat "$DIR/initdb.log" >&2; exit 1; }
# Durability is pointless for a server that lives as long as one test run.
"${RUN_AS[@]}" "$PGBIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w \
  -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
  start >/dev/null || { cat "$DIR/server.log" >&2; exit 1; }

export PWB_TEST_POSTGRES_URL="postgresql://pwb@127.0.0.1:$PORT/postgres"
echo "with-postgres: PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT" >&2
set +e
"$@"
status=$?
set -e
exit $status
