# Sourced (not run) by the scripts that start FaceGate from the extracted jar and its class-data-sharing archive, as
# the Docker image does: scripts/run.sh, scripts/facegate (the command line) and scripts/startup-median.sh. The JVM
# options come from the Dockerfile, the one place they are written (render.yaml repeats them, RenderBlueprintTest
# checks that it does).
#   ensure_built ROOT                `mvn -q package -DskipTests -Dmaven.test.skip=true` (the tests neither compiled
#                                    nor run; MAVEN_ARGS adds arguments, e.g. -o) when ROOT/target/facegate.jar is
#                                    missing or anything it is built from (src/main, pom.xml, package.json,
#                                    package-lock.json, .npmrc, scripts/) changed since the last build here (the
#                                    stamp target/run.built); Maven's steps are incremental and leave the jar as it
#                                    is when nothing in it changed. Maven's output goes to stderr.
#   image_jvm_options ROOT CDS_DIR   prints the image's JAVA_TOOL_OPTIONS with the archive's path in CDS_DIR
#   image_memory_options ROOT        prints the image's JVM_MEMORY_OPTIONS (those of its training run)
#   ensure_cds_archive ROOT JAR CDS_DIR
#                                    extracts JAR into CDS_DIR and records CDS_DIR/facegate.jsa with the image's
#                                    training run, unless the archive is newer than the jar and was made by the
#                                    same `java` (an archive only serves the JDK and the jar files that made it)

ensure_built() {
  local root=$1 built=$1/target/run.built
  if [ -f "$root/target/facegate.jar" ] && [ -f "$built" ] && [ -z "$(cd "$root" && find src/main pom.xml \
       package.json package-lock.json .npmrc scripts -newer "$built" -print -quit)" ]; then
    return 0
  fi
  mkdir -p "$root/target"
  touch "$built.new" # before the build: a file changed while it runs is built again next time
  # shellcheck disable=SC2086 # a word list
  (cd "$root" && mvn -q ${MAVEN_ARGS:-} package -DskipTests -Dmaven.test.skip=true >&2) || return 1
  mv "$built.new" "$built"
}

image_jvm_options() {
  local options
  options=$(sed -n 's/^ *JAVA_TOOL_OPTIONS="\(.*\)".*/\1/p' "$1/Dockerfile")
  [ -n "$options" ] || { echo "Dockerfile: JAVA_TOOL_OPTIONS not found." >&2; return 2; }
  echo "${options//\/app\/jar\//$2/}"
}

image_memory_options() {
  local options
  options=$(sed -n 's/^ENV JVM_MEMORY_OPTIONS="\(.*\)".*/\1/p' "$1/Dockerfile")
  [ -n "$options" ] || { echo "Dockerfile: JVM_MEMORY_OPTIONS not found." >&2; return 2; }
  echo "$options"
}

ensure_cds_archive() {
  local root=$1 jar=$2 cds=$3 java memory train
  java=$(readlink -f "$(command -v java)")
  # the JDK that records the archive: its path and its modification time
  local stamp="$java $(stat -c %Y "$java")"
  if [ -f "$cds/facegate.jsa" ] && [ "$cds/facegate.jsa" -nt "$jar" ] && [ "$(cat "$cds/jdk" 2>/dev/null)" = "$stamp" ]; then
    return 0
  fi
  memory=$(image_memory_options "$root") || return 2
  echo "Extracting the jar and recording the class-data-sharing archive (as the Dockerfile does; once per build) ..." >&2
  rm -rf "$cds" && java -Djarmode=tools -jar "$jar" extract --destination "$cds" >/dev/null || return 1
  train=$(mktemp -d)
  # The training run starts the application up to its refreshed context and exits: in a scratch folder, with
  # none of the caller's settings (no database of theirs is touched), no cleanup, any free port.
  # shellcheck disable=SC2086 # a word list
  if ! (cd "$train" && env -i PATH="$PATH" HOME="$train" CLEANUP_ENABLED=false PORT=0 MALLOC_ARENA_MAX=2 \
          "$java" $memory -XX:ArchiveClassesAtExit="$cds/facegate.jsa" -Dspring.context.exit=onRefresh \
          -jar "$cds/facegate.jar" > "$train/log" 2>&1); then
    # the JVM's "[cds] Skipping …" lines are normal; what else it said is why it failed
    cp "$train/log" "$root/target/cds-training.log"
    echo "The class-data-sharing training run failed; its log: $root/target/cds-training.log. Its last lines:" >&2
    grep -v '\[cds\]' "$train/log" | tail -15 >&2
    rm -rf "$train" "$cds"; return 1
  fi
  rm -rf "$train"
  echo "$stamp" > "$cds/jdk"
}
