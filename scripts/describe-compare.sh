#!/usr/bin/env bash
# `describe` as whole processes, side by side in one run: face-api.js in Node (scripts/faceapi-describe.mjs, tfjs
# WASM) and FaceGate's command line (plain `java -jar`, and with the short-run JVM options the README gives for
# batch use, and scripts/facegate: the extracted jar with its class-data-sharing archive), on the same 48 images: the six parity PNGs of target/parity (1920x1280 to 1920x1537, 20 faces),
# each 8 times. Per process: seconds to the first output line (the first image), wall seconds for all, CPU
# seconds (user+sys, children included), interleaved over N rounds (default 3), then the median of each and the
# ratio of face-api.js's median to FaceGate's.
# Usage: scripts/describe-compare.sh [N]     (after `mvn -o -q package` has made target/parity and the jar)
#        BASE_JAR=path/to/other/facegate.jar scripts/describe-compare.sh [N]   also runs that jar's `java -jar`
#        (e.g. main's, built in another checkout) in the same rounds, for a before/after side by side.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
[ -f target/parity/sample1.png ] && [ -f target/facegate.jar ] \
  || { echo "Needs target/parity/*.png and target/facegate.jar: run mvn -o -q package first." >&2; exit 2; }
images=$(mktemp -d)
trap 'rm -rf "$images"' EXIT
for copy in 1 2 3 4 5 6 7 8; do
  for f in target/parity/sample*.png; do cp "$f" "$images/$copy-$(basename "$f")"; done
done
mapfile -t files < <(ls "$images"/*.png)

variants=("face-api.js (Node)|node scripts/faceapi-describe.mjs"
          "java -jar|java -jar target/facegate.jar describe"
          "java C1+serial|java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar target/facegate.jar describe"
          "scripts/facegate|scripts/facegate describe")
if [ -n "${BASE_JAR:-}" ]; then
  [ -f "$BASE_JAR" ] || { echo "BASE_JAR=$BASE_JAR: no such file." >&2; exit 2; }
  variants+=("BASE_JAR java -jar|java -jar $BASE_JAR describe")
fi
out=$(mktemp)
for r in $(seq 1 "$rounds"); do
  for variant in "${variants[@]}"; do
    IFS='|' read -r label command <<< "$variant"
    start=$(date +%s.%N)
    first=
    lines=0
    # shellcheck disable=SC2086 # the command is a word list
    while IFS= read -r line; do
      [ -z "$first" ] && first=$(echo "$(date +%s.%N) - $start" | bc)
      [[ $line == *'"faces"'* ]] && lines=$((lines + 1))
    done < <(/usr/bin/time -f "cpu %U %S" -o "$images/time" $command "${files[@]}" 2>/dev/null)
    wall=$(echo "$(date +%s.%N) - $start" | bc)
    cpu=$(awk '/^cpu/ {printf "%.1f", $2 + $3}' "$images/time")
    printf 'round %s | %s | first image %.2f s | all %d, wall %.1f s | CPU %s s | load %s\n' "$r" "$label" \
      "$first" "$lines" "$wall" "$cpu" "$(cut -d' ' -f1 /proc/loadavg)" | tee -a "$out"
  done
done
median() { sort -n | awk '{v[NR] = $1} END {print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2)}'; }
echo
echo "Median of $rounds:"
for variant in "${variants[@]}"; do
  label=${variant%%|*}
  first=$(grep -F "| $label |" "$out" | sed 's/.*first image \([0-9.]*\) s.*/\1/' | median)
  wall=$(grep -F "| $label |" "$out" | sed 's/.*wall \([0-9.]*\) s.*/\1/' | median)
  cpu=$(grep -F "| $label |" "$out" | sed 's/.*CPU \([0-9.]*\) s.*/\1/' | median)
  printf '%-20s first image %5s s | all 48, wall %6s s | CPU %5s s\n' "$label" "$first" "$wall" "$cpu"
  echo "$label|$wall|$cpu" >> "$out.median"
done
node_wall=$(head -1 "$out.median" | cut -d'|' -f2); node_cpu=$(head -1 "$out.median" | cut -d'|' -f3)
tail -n +2 "$out.median" | while IFS='|' read -r label wall cpu; do
  echo "face-api.js ÷ $label: wall $(echo "scale=2; $node_wall / $wall" | bc)x, CPU $(echo "scale=2; $node_cpu / $cpu" | bc)x"
done
rm -f "$out" "$out.median"
