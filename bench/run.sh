#!/usr/bin/env bash
# Runs the benchmark suite against Dovecot and Tegami side by side on this machine and writes
# bench/results/<date>.md (and .json): medians of alternating rounds and the ratio Tegami/Dovecot
# of every figure.
#
#   bench/run.sh [workload...] [--quick] [--rounds N] [--seconds S] [--idle-sessions K]
#                [--big-messages N] [--steady-clients A,B] [--clients N]
#
# Workloads: sessions steady idle-scale append-durable big-mailbox tls-handshakes submission (all by
# default). --quick uses small sizes (under three minutes, results in <date>-quick.*); the full run
# takes under thirty minutes. Dovecot comes from Debian's dovecot-imapd, installed when missing, and
# runs with bench/peers/dovecot.conf from a temporary directory on loopback ports; the system's
# Dovecot configuration and service are left alone.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root="$(pwd)"

sizes=()
rounds=3
workloads=()
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) sizes+=(--quick) ;;
    --rounds) rounds="$2"; shift ;;
    --seconds|--idle-sessions|--big-messages|--steady-clients|--clients) sizes+=("$1" "$2"); shift ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    -*) echo "run.sh: unknown option $1" >&2; exit 2 ;;
    *) workloads+=("$1") ;;
  esac
  shift
done

if [ "$(id -u)" -eq 0 ]; then as_root=(); else as_root=(sudo); fi

# Java 25, as the launcher finds it.
java_ok() { [ -x "$1/bin/java" ] && "$1/bin/java" -version 2>&1 | grep -Eq 'version "(2[5-9]|[3-9][0-9])'; }
if [ -z "${JAVA_HOME:-}" ] || ! java_ok "$JAVA_HOME"; then
  JAVA_HOME=""
  for candidate in /usr/lib/jvm/*; do
    if java_ok "$candidate"; then JAVA_HOME="$candidate"; fi
  done
  [ -n "$JAVA_HOME" ] || { echo "run.sh: needs a JDK 25 (set JAVA_HOME)" >&2; exit 1; }
fi
export JAVA_HOME
java="$JAVA_HOME/bin/java"

if [ ! -x /usr/sbin/dovecot ] || ! command -v openssl >/dev/null; then
  "${as_root[@]}" apt-get update
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends dovecot-imapd openssl
fi

# idle-scale holds K connections in each of the two servers and in the client.
ulimit -n 1048576 2>/dev/null || ulimit -n "$(ulimit -Hn)"

echo "--- building"
./mvnw -B -q -pl server,bench -am package -DskipTests
tegami_jar="$root/server/target/tegami.jar"
bench_jar="$root/bench/target/tegami-bench.jar"

work="$(mktemp -d /tmp/tegami-bench.XXXXXX)"
chmod 755 "$work"
tegami_pid=""
dovecot_pid=""
# A server that does not stop within 30 s of SIGTERM (one collecting garbage in a full heap, say) is
# killed, so that the run always ends.
stop() { # pid
  kill "$1" 2>/dev/null || return 0
  for _ in $(seq 1 300); do
    # wait returns the stopped process's status (143 after SIGTERM), which set -e would take for a failure
    # of the cleanup itself and end it before the other server is stopped and the work directory removed.
    kill -0 "$1" 2>/dev/null || { wait "$1" 2>/dev/null || true; return 0; }
    sleep 0.1
  done
  echo "run.sh: process $1 did not stop within 30 s of SIGTERM; killing it" >&2
  kill -9 "$1" 2>/dev/null
  wait "$1" 2>/dev/null || true
}
cleanup() {
  [ -n "$tegami_pid" ] && stop "$tegami_pid"
  [ -n "$dovecot_pid" ] && stop "$dovecot_pid"
  rm -rf "$work"
}
trap cleanup EXIT

wait_for_port() { # port, name, log
  local deadline=$((SECONDS + 120))
  until (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; do
    if [ $SECONDS -ge $deadline ]; then echo "$2 did not listen on $1:" >&2; cat "$3" >&2; exit 1; fi
    sleep 0.2
  done
}

# BENCH_PORT_BASE moves both servers' ports, so that two runs can share a machine.
port_base="${BENCH_PORT_BASE:-40000}"
tegami_offset=$((port_base + 1000))
tegami_imaps=$((993 + tegami_offset))
tegami_submissions=$((465 + tegami_offset))
dovecot_imaps=$((port_base + 993))

echo "--- accounts (the same Argon2id hashes for both servers)"
mkdir -p "$work/dovecot" "$work/tegami"
"$java" -jar "$bench_jar" accounts "${sizes[@]}" --passwd "$work/dovecot/passwd" --csv "$work/users.csv"

echo "--- starting Tegami"
"$java" --enable-native-access=ALL-UNNAMED -jar "$tegami_jar" user import "$work/users.csv" \
  --data "$work/tegami/data" --config "$root/bench/tegami.toml" > "$work/tegami/import.out"
"$java" --enable-native-access=ALL-UNNAMED -jar "$tegami_jar" serve --data "$work/tegami/data" \
  --config "$root/bench/tegami.toml" --port-offset "$tegami_offset" > "$work/tegami/serve.out" 2>&1 &
tegami_pid=$!

echo "--- starting Dovecot"
d="$work/dovecot"
mkdir -p "$d/run" "$d/state" "$d/home"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=localhost \
  -addext subjectAltName=DNS:localhost,IP:127.0.0.1 -keyout "$d/key.pem" -out "$d/cert.pem" 2>/dev/null
echo "--- writing the big mailbox for Dovecot as a Maildir"
"$java" -jar "$bench_jar" maildir "${sizes[@]}" --out "$d/home/big@bench.test/Maildir"
if [ "$(id -u)" -eq 0 ]; then
  # Dovecot's own unprivileged users run its services and hold the mail, as in a packaged install.
  internal_user=dovecot; internal_group=dovecot; login_user=dovenull
  mail_uid="$(id -u dovecot)"; mail_gid="$(id -g dovecot)"
  chown -R dovecot:dovecot "$d/home"
else
  internal_user="$(id -un)"; internal_group="$(id -gn)"; login_user="$(id -un)"
  mail_uid="$(id -u)"; mail_gid="$(id -g)"
fi
max_sessions=60000
sed -e "s#@DIR@#$d#g" -e "s#@PORT@#$dovecot_imaps#g" -e "s#@UID@#$mail_uid#g" -e "s#@GID@#$mail_gid#g" \
    -e "s#@INTERNAL_USER@#$internal_user#g" -e "s#@INTERNAL_GROUP@#$internal_group#g" \
    -e "s#@LOGIN_USER@#$login_user#g" -e "s#@CORES@#$(nproc)#g" -e "s#@MAX_SESSIONS@#$max_sessions#g" \
    "$root/bench/peers/dovecot.conf" > "$d/dovecot.conf"
/usr/sbin/dovecot -F -c "$d/dovecot.conf" > "$d/stdout" 2>&1 &
dovecot_pid=$!

wait_for_port "$tegami_imaps" Tegami "$work/tegami/serve.out"
wait_for_port "$dovecot_imaps" Dovecot "$d/dovecot.log"
# The Java process itself, for its memory and heap: the launcher above is it.
tegami="name=tegami,imaps=127.0.0.1:$tegami_imaps,submissions=127.0.0.1:$tegami_submissions,pid=$tegami_pid"
dovecot="name=dovecot,imaps=127.0.0.1:$dovecot_imaps,pid=$dovecot_pid"

echo "--- filling both servers with the same messages"
"$java" -jar "$bench_jar" fill "${sizes[@]}" --target "$tegami" &
fill_tegami=$!
"$java" -jar "$bench_jar" fill "${sizes[@]}" --big-from-maildir --target "$dovecot" &
fill_dovecot=$!
wait "$fill_tegami"
wait "$fill_dovecot"

date="$(date -u +%F)"
suffix=""
[ ${#sizes[@]} -gt 0 ] && suffix="-quick" # and any run with other sizes than the full ones
mkdir -p "$root/bench/results"
out="$root/bench/results/$date$suffix"
{
  echo "cores = $(nproc)"
  echo "memory = $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
  echo "CPU = $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1)"
  echo "kernel = $(uname -r)"
  echo "Java = $("$java" -version 2>&1 | head -n 1)"
  echo "Dovecot = $(/usr/sbin/dovecot --version)"
  echo "Tegami = $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "load average before = $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$work/machine"

echo "--- comparing ($rounds rounds)"
"$java" -Xmx8g -jar "$bench_jar" compare "${sizes[@]}" --rounds "$rounds" --baseline "$dovecot" \
  --subject "$tegami" --out "$out" --machine "$work/machine" "${workloads[@]}"
# idle-scale at the largest K this machine allows, Tegami alone: the target is 50 000 sessions, but
# each process (server and client) may hold at most the hard limit of open files, minus a margin.
if [ ${#sizes[@]} -eq 0 ] && { [ ${#workloads[@]} -eq 0 ] || [[ " ${workloads[*]} " == *" idle-scale "* ]]; }; then
  files="$(ulimit -n)"
  [ "$files" = unlimited ] && files=1048576
  k=$(( files - 2000 < 50000 ? files - 2000 : 50000 ))
  echo "--- idle-scale with $k sessions, Tegami alone (open files per process: $files)"
  "$java" -Xmx8g -jar "$bench_jar" run --idle-sessions "$k" --target "$tegami" idle-scale \
    > "$work/idle-large.txt" 2>&1 || true
  cat "$work/idle-large.txt"
  {
    echo
    echo "## idle-scale-$k, Tegami alone"
    echo
    echo "The largest K this machine allows: $files open files per process (the hard limit), for the"
    echo "server and the client each. Figures of one run:"
    echo
    echo '```'
    grep '^idle-scale' "$work/idle-large.txt" || tail -n 5 "$work/idle-large.txt"
    echo '```'
  } >> "$out.md"
fi
{
  echo
  echo "Load average after the run: $(cut -d' ' -f1-3 /proc/loadavg) (on $(nproc) cores; a load above the"
  echo "core count before or after means other work shared the machine and the figures are noisier)."
} >> "$out.md"
echo "--- results in $out.md"
