#!/usr/bin/env bash
# Start-up and idle memory, several configurations side by side, interleaved (so that a varying machine load
# spreads over all of them). Each start gets a fresh data folder (SQLite), a free port and CLEANUP_ENABLED=false;
# prints the seconds from launch to /actuator/health UP with the models component UP, the CPU seconds (user+sys)
# the JVM had used by then (which a loaded machine does not inflate much), the resident size 20 s later (VmRSS),
# and the 1-minute load average before the start.
#
# Usage: scripts/startup-compare.sh ROUNDS "LABEL|ENV VAR=VALUE ...|JAVA ARGUMENTS" ...
# e.g.   scripts/startup-compare.sh 3 "jar||-jar target/facegate.jar" \
#          "as the image on 1 GB|MALLOC_ARENA_MAX=2|-XX:MaxRAM=1g -XX:MaxRAMPercentage=40 -XX:+UseSerialGC -jar target/facegate.jar"
set -uo pipefail
rounds=$1; shift
for r in $(seq 1 "$rounds"); do
  for variant in "$@"; do
    IFS='|' read -r label envs args <<< "$variant"
    dir=$(mktemp -d)
    port=$((20000 + RANDOM % 20000))
    while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
    load=$(cut -d' ' -f1 /proc/loadavg)
    start=$(date +%s.%N)
    # shellcheck disable=SC2086 # ENV and JAVA ARGUMENTS are word lists
    (cd "$dir" && exec env PORT=$port CLEANUP_ENABLED=false $envs java $args > "$dir/log" 2>&1) &
    pid=$!
    up=
    while kill -0 "$pid" 2>/dev/null; do
      body=$(curl -s "http://127.0.0.1:$port/actuator/health" || true)
      if [[ $body == *'"models":{"status":"UP"}'* && $body == *'],"status":"UP"'* ]]; then
        up=$(echo "$(date +%s.%N) - $start" | bc)
        cpu=$(awk -v hz="$(getconf CLK_TCK)" '{ printf "%.1f", ($14 + $15) / hz }' "/proc/$pid/stat"); break
      fi
      sleep 0.1
    done
    if [ -n "$up" ]; then
      sleep 20
      rss=$(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$pid/status")
      echo "round $r | $label | UP after $up s, $cpu s CPU | idle RSS $rss MB | load before $load"
    else
      echo "round $r | $label | did not start; last lines:"; tail -3 "$dir/log"
    fi
    kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
    rm -rf "$dir"
  done
done
