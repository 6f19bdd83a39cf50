#!/usr/bin/env bash
# Load run: one app instance (java -jar target/facegate.jar) on SQLite and/or PostgreSQL, 50 concurrent clients
# for 60 s per scenario: password logins, single-frame face logins (LIVENESS=off, 1:1 and 1:N) and face logins
# answering the liveness challenge (LIVENESS=active, 1:1 and 1:N). Not part of `mvn verify`.
#
# Usage: scripts/load-run.sh [sqlite|postgres|both]      (default: both)
#        scripts/load-run.sh check-takes                 (the challenge answers' takes of the clip, offline, with the
#                                                         app's own checks: see io.facegate.load.Takes)
# Environment:
#   LOAD_CLIENTS (50), LOAD_SECONDS (60)      clients and seconds per scenario
#   FACE_THREADS (2)                          the app's ONNX Runtime threads per network run
#   LOAD_APP_JAVA_OPTS                        extra JVM options of the app (e.g. -XX:ActiveProcessorCount=2)
#   DATABASE_URL                              PostgreSQL to use (an empty database) instead of a private server
#   LOAD_DIRECT=1                             every client on 127.0.0.1 (no X-Forwarded-For): shows the address
#                                             throttle refusing parallel logins that did not fail
#   LOAD_MAVEN_ARGS                           extra Maven arguments (e.g. -o to stay offline)
#   LOAD_NO_BUILD=1                           use target/ as it is
#   LOAD_SCENARIOS                            scenarios to run (default: password face-1to1 face-1toN challenge-1to1
#                                             challenge-1toN challenge-1to1-many)
#   LOAD_CLIP_COPIES (200)                    accounts seeded with the clip person's templates for challenge-1to1-many
#                                             (benchmark only: copied in the database, bypassing face_not_unique)
#   LOAD_JARS                                 the app jars to run against, one after the other, each as label=path
#                                             (default: new=target/facegate.jar), e.g.
#                                             "base=../wt-base/target/facegate.jar new=target/facegate.jar"; each jar
#                                             gets a database of its own, set up by itself (a jar with another face
#                                             pipeline version would recompute the other's templates at its start)
#   LOAD_WARMUP_SECONDS (0)                   before each challenge scenario, the same clients for this many seconds,
#                                             not counted: the figures are then those of a warmed-up JVM
#   FACEGATE_SHARED_DATA                      the shared data folder with liveness/headturn.gif
# Exits non-zero when any login of any scenario failed.
set -euo pipefail
cd "$(dirname "$0")/.."

which_db=${1:-both}
case "$which_db" in sqlite|postgres|both|check-takes) ;; *) echo "usage: $0 [sqlite|postgres|both|check-takes]" >&2; exit 2 ;; esac
clients=${LOAD_CLIENTS:-50}
seconds=${LOAD_SECONDS:-60}
face_threads=${FACE_THREADS:-2}
read -r -a maven_args <<< "${LOAD_MAVEN_ARGS:-}"
read -r -a app_java_opts <<< "${LOAD_APP_JAVA_OPTS:-}"
external_db=${DATABASE_URL:-}
read -r -a scenarios <<< "${LOAD_SCENARIOS:-password face-1to1 face-1toN challenge-1to1 challenge-1toN challenge-1to1-many}"
clip_copies=${LOAD_CLIP_COPIES:-200}
read -r -a jars <<< "${LOAD_JARS:-new=target/facegate.jar}"
warmup=${LOAD_WARMUP_SECONDS:-0}
if [ ${#jars[@]} -gt 1 ] && [ -n "$external_db" ]; then
  echo "LOAD_JARS with several jars needs a database per jar: leave DATABASE_URL unset (private servers are started)." >&2
  exit 2
fi
app_jar=target/facegate.jar
# wanted NAME...: the scenarios asked for among NAME...
wanted() { local s w out=(); for s in "$@"; do for w in "${scenarios[@]}"; do [ "$s" = "$w" ] && out+=("$s"); done; done; echo "${out[*]}"; }

work=$(mktemp -d)
app_pid=
pgdir=
cleanup() {
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null && wait "$app_pid" 2>/dev/null || true
  [ -n "$pgdir" ] && .ci/postgres.sh stop "$pgdir" && rm -rf "$pgdir" || true
  rm -rf "$work"
}
trap cleanup EXIT

if [ "${LOAD_NO_BUILD:-}" != 1 ]; then
  echo "Building the jar and the test classes ..."
  mvn -B -q "${maven_args[@]}" package -DskipTests
fi
mvn -B -q "${maven_args[@]}" dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$work/cp.txt" >/dev/null
# The demo photos and face-api.js's own outputs for them (FaceSamples), made at run time, never kept.
node scripts/faceapi-reference.mjs "$work/parity" >/dev/null
client_cp="target/test-classes:target/classes:$(cat "$work/cp.txt")"
if [ "$which_db" = check-takes ]; then
  java -cp "$client_cp" io.facegate.load.TakesCheck
  exit
fi
task_token=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
results="$work/results.txt"

free_port() {
  local port=5100
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  echo "$port"
}

# start_app LIVENESS DATABASE_URL LOG: starts the app in the background and waits until it is up.
start_app() {
  port=$(free_port)
  # REGISTRATIONS_PER_ADDRESS=0: the set-up registers 200 accounts from this machine (not what is measured)
  PORT=$port LIVENESS=$1 DATABASE_URL=$2 LABELS_DIR="$work/labels" TASK_TOKEN=$task_token \
    TRUSTED_PROXIES=127.0.0.1/32 FACE_THREADS=$face_threads REGISTRATIONS_PER_ADDRESS=0 \
    java "${app_java_opts[@]}" -jar "$app_jar" >"$3" 2>&1 &
  app_pid=$!
  for _ in $(seq 1 180); do
    if curl -fsS "http://127.0.0.1:$port/actuator/health" 2>/dev/null | grep -q '"UP"'; then
      return 0
    fi
    kill -0 "$app_pid" 2>/dev/null || { echo "The app stopped:"; tail -20 "$3"; exit 1; }
    sleep 1
  done
  echo "The app did not start in 180 s:"; tail -20 "$3"; exit 1
}

stop_app() {
  kill "$app_pid" && wait "$app_pid" 2>/dev/null || true
  app_pid=
}

cpu_settings() {
  local cpus
  cpus=$(curl -fsS -H "X-Task-Token: $task_token" "http://127.0.0.1:$port/actuator/prometheus" \
    | awk '/^system_cpu_count/ {print $2}')
  echo "App CPU settings: the JVM sees ${cpus%.0} processor(s) (machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), FACE_THREADS=$face_threads, JVM options: ${app_java_opts[*]:-none}; the load client runs on the same machine."
}

client() {
  java -cp "$client_cp" -Dfacegate.parity.dir="$work/parity" io.facegate.load.LoadRun "$@" \
    --url "http://127.0.0.1:$port" --state "$work/state.json" --clients "$clients" --seconds "$seconds" \
    --results "$results" ${LOAD_DIRECT:+--direct}
}

# measured DB LABEL SCENARIO: one client run of one scenario (after its warm-up, if any), with the load average
# before it and the app's CPU seconds per login over the counted part (less sensitive to other work on the
# machine than logins/s), which the client reads from /proc.
measured() {
  echo "Load average before $3 ($2): $(cat /proc/loadavg)"
  client run --label "$1/$2" --warmup-seconds "$warmup" --app-pid "$app_pid" "$3" | tee "$work/client.out" \
    || failed=1
  grep ' app CPU ' "$work/client.out" >> "$work/cpu.txt" || true
}

failed=0
# run_on DB LABEL: the scenarios asked for against one jar (app_jar), on a new database of its own.
run_on() {
  local db=$1 label=$2 url
  if [ "$db" = sqlite ]; then
    url="jdbc:sqlite:$work/facegate.db"
    rm -f "$work"/facegate.db*
  elif [ -n "$external_db" ]; then
    url=$external_db
  else
    pgdir=$(mktemp -d)
    eval "$(.ci/postgres.sh start "$pgdir")"
    url=$FACEGATE_TEST_POSTGRES_URL
  fi
  rm -rf "$work/labels"
  echo
  echo "=== $db, $label ($app_jar), $(date -u '+%Y-%m-%d %H:%M UTC') ==="
  if [ -n "${LOAD_DIRECT:-}" ]; then
    echo "Settings: $clients clients, $seconds s per scenario; every client is 127.0.0.1 (LOAD_DIRECT); throttling and the replay check keep their built-in limits."
  else
    echo "Settings: $clients clients, $seconds s per scenario; TRUSTED_PROXIES=127.0.0.1/32 and one X-Forwarded-For address per client (each client is one user behind the proxy); throttling and the replay check keep their built-in limits."
  fi
  [ "$warmup" = 0 ] || echo "Each challenge scenario after a warm-up of $warmup s with the same clients (not counted)."
  local off single many
  off=$(wanted password face-1to1 face-1toN)
  single=$(wanted challenge-1to1 challenge-1toN)
  many=$(wanted challenge-1to1-many)
  start_app off "$url" "$work/app-$db-$label-off.log"
  cpu_settings
  client setup --clip-copies "$([ -n "$many" ] && echo "$clip_copies" || echo 0)" || { echo "Set-up failed"; exit 1; }
  # shellcheck disable=SC2086
  [ -z "$off" ] || client run --label "$db/$label" $off || failed=1
  stop_app
  if [ -n "$single" ]; then
    client seed --database-url "$url" # an empty replay memory (no copies yet: none asked)
    start_app active "$url" "$work/app-$db-$label-active.log"
    cpu_settings
    for scenario in $single; do measured "$db" "$label" "$scenario"; done
    stop_app
  fi
  if [ -n "$many" ]; then
    client seed --database-url "$url" --clip-copies "$clip_copies"
    start_app active "$url" "$work/app-$db-$label-many.log"
    cpu_settings
    measured "$db" "$label" challenge-1to1-many
    stop_app
  fi
  local problems
  problems=$(cat "$work"/app-"$db"-"$label"-*.log | grep -cE ' (ERROR|WARN) .*(Exception|locked|timeout|SQLITE_BUSY)' || true)
  echo "App log: $problems ERROR/WARN line(s) naming an exception, a lock or a time-out."
  grep -hE ' (ERROR|WARN) .*(Exception|locked|timeout|SQLITE_BUSY)' "$work"/app-"$db"-"$label"-*.log | head -5 || true
  [ "$problems" = 0 ] || failed=1
  if [ -n "$pgdir" ]; then
    .ci/postgres.sh stop "$pgdir"; rm -rf "$pgdir"; pgdir=
  fi
}

# run_jars DB: run_on DB for each jar of LOAD_JARS in turn
run_jars() {
  local entry
  for entry in "${jars[@]}"; do
    app_jar=${entry#*=}
    run_on "$1" "${entry%%=*}"
  done
}

[ "$which_db" = postgres ] || run_jars sqlite
[ "$which_db" = sqlite ] || run_jars postgres

echo
echo "=== Summary ($(date -u '+%Y-%m-%d'), $(nproc) cores) ==="
cat "$results"
[ ! -f "$work/cpu.txt" ] || { echo; cat "$work/cpu.txt"; }
exit $failed
