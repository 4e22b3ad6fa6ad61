#!/usr/bin/env bash
# Starts a throw-away PostgreSQL cluster for the tests, runs a command with the connection in the
# environment, and removes the cluster when the command ends (whatever its outcome):
#   scripts/postgres-for-tests.sh ./tegami test
#   scripts/postgres-for-tests.sh ./mvnw -B -pl store-postgres -am verify
# The cluster lives in a temporary directory, listens on a free loopback port only, and runs as an
# unprivileged OS user (initdb refuses root): the caller itself, or "postgres" when run as root.
# The tests read TEGAMI_TEST_POSTGRES_URL, TEGAMI_TEST_POSTGRES_USER and TEGAMI_TEST_POSTGRES_PASSWORD.
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: $0 COMMAND [ARGUMENTS...]" >&2
  exit 2
fi

find_bin() {
  if [ -n "${POSTGRES_BIN:-}" ]; then
    printf '%s' "$POSTGRES_BIN"
    return
  fi
  if command -v pg_ctl > /dev/null 2>&1; then
    dirname "$(command -v pg_ctl)"
    return
  fi
  # Debian keeps the server binaries out of the PATH, one directory per major version: take the newest.
  local dir
  dir="$(ls -d /usr/lib/postgresql/*/bin 2> /dev/null | sort -V | tail -n 1)"
  if [ -z "$dir" ]; then
    echo "$0: no PostgreSQL server found (install the Debian package 'postgresql', or set POSTGRES_BIN)" >&2
    exit 1
  fi
  printf '%s' "$dir"
}
bin="$(find_bin)"

# A port nobody listens on now, between 40000 and 49999 (below Linux's ephemeral range).
free_port() {
  local port
  for _ in $(seq 1 100); do
    port=$((40000 + RANDOM % 10000))
    if ! (exec 3<> "/dev/tcp/127.0.0.1/$port") 2> /dev/null; then
      printf '%s' "$port"
      return
    fi
  done
  echo "$0: found no free port" >&2
  exit 1
}

dir="$(mktemp -d "${TMPDIR:-/tmp}/tegami-postgres.XXXXXX")"
if [ "$(id -u)" -eq 0 ]; then
  os_user=postgres
  id "$os_user" > /dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$os_user"
  chown "$os_user" "$dir"
  as_user=(runuser -u "$os_user" --)
else
  as_user=()
fi
chmod 700 "$dir"

stop() {
  ${as_user[@]+"${as_user[@]}"} "$bin/pg_ctl" -D "$dir/cluster" -m immediate stop > /dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT

password="test-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
printf '%s\n' "$password" > "$dir/password"
chmod 600 "$dir/password"
if [ "$(id -u)" -eq 0 ]; then
  chown "$os_user" "$dir/password"
fi
${as_user[@]+"${as_user[@]}"} "$bin/initdb" -D "$dir/cluster" -U tegami --pwfile="$dir/password" \
  --auth=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 > "$dir/initdb.log" 2>&1 \
  || { cat "$dir/initdb.log" >&2; exit 1; }

for attempt in 1 2 3 4 5; do
  port="$(free_port)"
  # fsync stays on: the tests check durability. Many connections: each node of a test has its pool.
  if ${as_user[@]+"${as_user[@]}"} "$bin/pg_ctl" -D "$dir/cluster" -l "$dir/server.log" -w -t 60 \
      -o "-h 127.0.0.1 -p $port -k $dir -c max_connections=300" start > /dev/null; then
    break
  fi
  if [ "$attempt" -eq 5 ]; then
    cat "$dir/server.log" >&2
    exit 1
  fi
done

export TEGAMI_TEST_POSTGRES_URL="jdbc:postgresql://127.0.0.1:$port/postgres"
export TEGAMI_TEST_POSTGRES_USER=tegami
export TEGAMI_TEST_POSTGRES_PASSWORD="$password"
echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') for the tests at $TEGAMI_TEST_POSTGRES_URL" >&2
"$@"
