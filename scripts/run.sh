#!/usr/bin/env bash
# The README's run command: builds what changed, then runs FaceGate on http://localhost:${PORT:-5000} started as
# the Docker image starts it (README, Start-up and memory): the jar extracted, a class-data-sharing archive of the
# classes a start loads, the image's JVM options. The settings are the environment's, as for `java -jar`.
#   1. `mvn -q package -DskipTests -Dmaven.test.skip=true` (the tests neither compiled nor run) when
#      target/facegate.jar is missing or anything it is built from (src/main, pom.xml, package.json,
#      package-lock.json, .npmrc, scripts/) changed since the last build here (the stamp target/run.built); Maven's
#      own steps are incremental (README, Run and test) and leave the jar as it is when nothing in it changed.
#      MAVEN_ARGS adds arguments, e.g. MAVEN_ARGS=-o.
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
built=$root/target/run.built
if [ ! -f "$jar" ] || [ ! -f "$built" ] \
    || [ -n "$(find src/main pom.xml package.json package-lock.json .npmrc scripts -newer "$built" -print -quit)" ]; then
  touch "$built.new" # before the build: a file changed while it runs is built again next time
  # shellcheck disable=SC2086 # a word list
  mvn -q ${MAVEN_ARGS:-} package -DskipTests -Dmaven.test.skip=true
  mv "$built.new" "$built"
fi
ensure_cds_archive "$root" "$jar" "$cds"
options=$(image_jvm_options "$root" "$cds")
# shellcheck disable=SC2086 # word lists
MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2} exec java $options ${JAVA_OPTS:-} -jar "$cds/facegate.jar"
