#!/usr/bin/env bash
# A run command on built checkouts (the README's `scripts/run.sh`, or `mvn -o spring-boot:run`): seconds from launch
# to /actuator/health UP with the models component UP, of which the part before the server's JVM started (Maven,
# or the launcher's checks), and the CPU seconds (user+sys) of the whole tree at UP (Maven's JVM, the Node steps
# and compiler it ran, the server). Each start gets a fresh SQLite folder, a free port and CLEANUP_ENABLED=false; the checkouts are
# started in turn, round after round (so that a varying machine load spreads over all of them), then the median
# of each is printed. Wall times are upper bounds on a loaded machine; CPU time is the comparable figure.
# Usage: scripts/run-startup.sh [ROUNDS] [CHECKOUT[|COMMAND] ...]   (default: 3 rounds of `scripts/run.sh` here)
#        each checkout built first; COMMAND runs in CHECKOUT (default scripts/run.sh, MAVEN_ARGS=-o), e.g.
#        scripts/run-startup.sh 3 . ".|mvn -o spring-boot:run" "../main-copy|mvn -o spring-boot:run"
set -uo pipefail
rounds=${1:-3}
shift || true
[ $# -gt 0 ] || set -- "$(cd "$(dirname "$0")/.." && pwd)"
out=$(mktemp)
tree_cpu() { # CPU seconds of a process, its exited children and (second argument) a live child
  awk -v hz="$(getconf CLK_TCK)" '{ s += $14 + $15 + $16 + $17 } END { printf "%.1f", s / hz }' "/proc/$1/stat" \
    ${2:+"/proc/$2/stat"}
}
for r in $(seq 1 "$rounds"); do
  for variant in "$@"; do
    IFS='|' read -r checkout command <<< "$variant"
    dir=$(mktemp -d)
    port=$((20000 + RANDOM % 20000))
    while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
    load=$(cut -d' ' -f1 /proc/loadavg)
    start=$(date +%s.%N)
    # shellcheck disable=SC2086 # COMMAND is a word list
    (cd "$checkout" && exec env PORT=$port CLEANUP_ENABLED=false DATABASE_URL="sqlite:///$dir/facegate.db" \
       LABELS_DIR="$dir/labels" MAVEN_ARGS=-o ${command:-scripts/run.sh} > "$dir/log" 2>&1) &
    pid=$!
    up= app= forked=
    while kill -0 "$pid" 2>/dev/null; do
      if [ -z "$app" ]; then # the server JVM: the launcher itself once it exec'd java, or Maven's child
        if tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q '^[^ ]*java .*-jar [^ ]*facegate[.]jar'; then
          app=$pid
        else
          app=$(pgrep -P "$pid" -f 'io[.]facegate[.]FaceGateApplication' | head -1)
        fi
        [ -n "$app" ] && forked=$(echo "$(date +%s.%N) - $start" | bc)
      fi
      body=$(curl -s "http://127.0.0.1:$port/actuator/health" || true)
      if [[ $body == *'"models":{"status":"UP"}'* && $body == *'],"status":"UP"'* ]]; then
        up=$(echo "$(date +%s.%N) - $start" | bc)
        if [ "$app" = "$pid" ]; then cpu=$(tree_cpu "$pid"); else cpu=$(tree_cpu "$pid" "$app"); fi
        break
      fi
      sleep 0.1
    done
    if [ -n "$up" ]; then
      printf 'round %s | %s | UP after %.2f s (the server JVM started after %.2f s), %s s CPU | load before %s\n' \
        "$r" "$variant" "$up" "$forked" "$cpu" "$load" | tee -a "$out"
    else
      echo "round $r | $variant | did not start; last lines:"; tail -5 "$dir/log"
    fi
    [ -n "$app" ] && [ "$app" != "$pid" ] && kill "$app" 2>/dev/null
    kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
    rm -rf "$dir"
  done
done
median() { sort -n | awk '{v[NR] = $1} END {if (NR == 0) print "-"; else print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2)}'; }
echo
echo "Median of $rounds (load average now $(cut -d' ' -f1-3 /proc/loadavg)):"
for variant in "$@"; do
  up=$(grep -F "| $variant | UP" "$out" | sed 's/.*UP after \([0-9.]*\) s.*/\1/' | median)
  forked=$(grep -F "| $variant | UP" "$out" | sed 's/.*JVM started after \([0-9.]*\) s.*/\1/' | median)
  cpu=$(grep -F "| $variant | UP" "$out" | sed 's/.*, \([0-9.]*\) s CPU.*/\1/' | median)
  printf '%s: to UP %s s wall (the server JVM started after %s s), %s s CPU\n' "$variant" "$up" "$forked" "$cpu"
done
rm -f "$out"
