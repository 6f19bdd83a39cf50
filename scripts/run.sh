#!/usr/bin/env bash
# The README's run command: builds what changed, then runs FaceGate on http://localhost:${PORT:-5000} started as
# the Docker image starts it (README, Start-up and memory): the jar extracted, a class-data-sharing archive of the
# classes a start loads, the image's JVM options. The settings are the environment's, as for `java -jar`.
#   1. the jar built when anything it is built from changed since its last build here (scripts/image-jvm.sh,
#      ensure_built; MAVEN_ARGS adds Maven arguments, e.g. MAVEN_ARGS=-o).
#   2. target/cds: the jar extracted and the archive recorded by the image's training run, when the jar is newer
#      than the archive or another JDK is on the PATH (scripts/image-jvm.sh).
#   3. exec java: the image's JVM options (heap 40% of the machine's memory, serial collector, the archive, the C2
#      thresholds) and JAVA_OPTS after them (a later option wins, e.g. JAVA_OPTS=-Xmx400m), from the checkout's
#      folder, so that the default data folder is ./data there, as under `mvn spring-boot:run`.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
jar=$root/target/facegate.jar
cds=$root/target/cds
# shellcheck source=scripts/image-jvm.sh
. "$root/scripts/image-jvm.sh"

cd "$root"
ensure_built "$root"
ensure_cds_archive "$root" "$jar" "$cds"
options=$(image_jvm_options "$root" "$cds")
# shellcheck disable=SC2086 # word lists
MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2} exec java $options ${JAVA_OPTS:-} -jar "$cds/facegate.jar"
