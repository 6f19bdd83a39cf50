#!/usr/bin/env bash
# Start-up, idle memory and a wrong setting's time, median of N starts (default 3), for the two ways the README
# starts the server: plain `java -jar target/facegate.jar`, and as the Docker image starts it on a 1 GB instance
# (the extracted jar, its class-data-sharing archive made by the same training run as the Dockerfile's, the
# image's JAVA_TOOL_OPTIONS read from the Dockerfile, MALLOC_ARENA_MAX=2, -XX:MaxRAM=1g). The starts run
# interleaved through scripts/startup-compare.sh (fresh SQLite folder, CLEANUP_ENABLED=false each). Wall times
# are upper bounds on a loaded machine; CPU time (user+sys of the JVM at UP) is the comparable figure.
# Usage: scripts/startup-median.sh [N]        (after `mvn -o -q package -DskipTests`)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
jar=$PWD/target/facegate.jar
cds=$PWD/target/cds
[ -f "$jar" ] || { echo "No $jar: build it first (mvn -o -q package -DskipTests)." >&2; exit 2; }

# shellcheck source=scripts/image-jvm.sh
. scripts/image-jvm.sh
image_options=$(image_jvm_options "$PWD" "$cds")
ensure_cds_archive "$PWD" "$jar" "$cds"

out=$(mktemp)
scripts/startup-compare.sh "$rounds" "java -jar||-jar $jar" \
  "as the image (1 GB)|MALLOC_ARENA_MAX=2|-XX:MaxRAM=1g $image_options -jar $cds/facegate.jar" | tee "$out"

# A wrong setting (PORT=abc): seconds until the JVM exits, wall and CPU (user+sys).
for r in $(seq 1 "$rounds"); do
  for variant in "java -jar|-jar $jar" "as the image (1 GB)|-XX:MaxRAM=1g $image_options -jar $cds/facegate.jar"; do
    IFS='|' read -r label args <<< "$variant"
    dir=$(mktemp -d)
    # shellcheck disable=SC2086 # word list
    (cd "$dir" && PORT=abc MALLOC_ARENA_MAX=2 /usr/bin/time -f "%e %U %S" -o "$dir/time" java $args >/dev/null 2>&1) || true
    t=$(tail -1 "$dir/time")
    rm -rf "$dir"
    echo "round $r | $label | PORT=abc | $(awk '{printf "exit after %s s, %.1f s CPU", $1, $2 + $3}' <<< "$t")" | tee -a "$out"
  done
done

median() { sort -n | awk '{v[NR] = $1} END {if (NR == 0) print "-"; else print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2)}'; }
echo
echo "Median of $rounds (load average now $(cut -d' ' -f1 /proc/loadavg)):"
for label in "java -jar" "as the image (1 GB)"; do
  up=$(grep -F "| $label | UP" "$out" | sed 's/.*UP after \([0-9.]*\) s.*/\1/' | median)
  cpu=$(grep -F "| $label | UP" "$out" | sed 's/.*, \([0-9.]*\) s CPU.*/\1/' | median)
  rss=$(grep -F "| $label | UP" "$out" | sed 's/.*idle RSS \([0-9]*\) MB.*/\1/' | median)
  bad=$(grep -F "| $label | PORT=abc" "$out" | sed 's/.*exit after \([0-9.]*\) s.*/\1/' | median)
  badcpu=$(grep -F "| $label | PORT=abc" "$out" | sed 's/.*, \([0-9.]*\) s CPU.*/\1/' | median)
  printf '%-20s to UP %6s s wall, %5s s CPU | idle RSS %4s MB | PORT=abc reported after %5s s wall, %4s s CPU\n' \
    "$label" "$up" "$cpu" "$rss" "$bad" "$badcpu"
done
rm -f "$out"
