#!/usr/bin/env bash
# Runs the Dockerfile's build and run steps by hand (for machines without Docker), from a clean clone of the
# committed HEAD: Maven + npm build with tests skipped, then the jar started as the image starts it, the
# HEALTHCHECK command polled, the cron job's script run, and a SIGTERM that must stop the server gracefully.
# Usage: scripts/check-docker-steps.sh [extra Maven arguments, e.g. -o]
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

echo "== clean clone of HEAD"
git clone -q "$repo" "$work/src"
cd "$work/src"

echo "== build stage: mvn package -DskipTests"
start=$(date +%s)
mvn -B -q "$@" package -DskipTests
echo "   built target/facegate.jar ($(du -m target/facegate.jar | cut -f1) MB) in $(( $(date +%s) - start )) s"

memory="-XX:MaxRAMPercentage=40 -XX:+UseSerialGC -XX:MinHeapFreeRatio=20 -XX:MaxHeapFreeRatio=40 -XX:+UnlockExperimentalVMOptions -XX:TrimNativeHeapInterval=10000 -XX:+ExitOnOutOfMemoryError"
echo "== run stage: extracted jar and class-data-sharing training run (as the image's RUN step)"
start=$(date +%s)
java -Djarmode=tools -jar target/facegate.jar extract --destination "$work/jar"
mkdir -p "$work/train" && (cd "$work/train" && CLEANUP_ENABLED=false PORT=0 MALLOC_ARENA_MAX=2 java $memory \
  -XX:ArchiveClassesAtExit="$work/jar/facegate.jsa" -Dspring.context.exit=onRefresh -jar "$work/jar/facegate.jar" \
  > "$work/train.log" 2>&1)
echo "   archive $(du -m "$work/jar/facegate.jsa" | cut -f1) MB in $(( $(date +%s) - start )) s"

echo "== run stage: java -jar (as the image's ENTRYPOINT), SQLite in a fresh folder"
port=58080
while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
mkdir -p "$work/app" && cd "$work/app"
# Operator secrets as an operator makes them (short or patterned ones stop start-up).
task_token=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
secret_key=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
PORT=$port TASK_TOKEN=$task_token SECRET_KEY=$secret_key CLEANUP_ENABLED=false MALLOC_ARENA_MAX=2 \
  JAVA_TOOL_OPTIONS="$memory -XX:SharedArchiveFile=$work/jar/facegate.jsa -XX:Tier4InvocationThreshold=50000 -XX:Tier4MinInvocationThreshold=6000 -XX:Tier4CompileThreshold=150000 -XX:Tier4BackEdgeThreshold=400000" \
  java -jar "$work/jar/facegate.jar" > "$work/app.log" 2>&1 &
pid=$!
start=$(date +%s)
until curl -fsS "http://127.0.0.1:${port}/actuator/health" >/dev/null 2>&1; do   # the HEALTHCHECK command
  if ! kill -0 "$pid" 2>/dev/null || [ $(( $(date +%s) - start )) -gt 120 ]; then
    echo "   the server did not become healthy; log:"; tail -40 "$work/app.log"; exit 1
  fi
  sleep 1
done
echo "   healthy after $(( $(date +%s) - start )) s: $(curl -fsS "http://127.0.0.1:${port}/actuator/health")"
[ -f data/facegate.db ] && echo "   data in ./data (the image's /app/data)"

echo "== cron job: scripts/cleanup-cron.sh"
APP_URL="http://127.0.0.1:${port}" TASK_TOKEN=$task_token bash "$work/src/scripts/cleanup-cron.sh"

echo "== SIGTERM: graceful shutdown"
kill -TERM "$pid"
start=$(date +%s)
while kill -0 "$pid" 2>/dev/null; do
  [ $(( $(date +%s) - start )) -gt 30 ] && { echo "   still running after 30 s"; exit 1; }
  sleep 1
done
wait "$pid" || true
pid=
grep -q "Graceful shutdown" "$work/app.log" && echo "   stopped gracefully in $(( $(date +%s) - start )) s"
echo "OK"
