# syntax=docker/dockerfile:1
# FaceGate: build with Maven and npm, run on a JRE as a non-root user.
#   docker build -t facegate .
#   docker run -p 5000:5000 -e DATABASE_URL=postgres://... -e SECRET_KEY=... -e TASK_TOKEN=... facegate

# Node.js (npm installs the pinned face-api.js package: model weights and the browser bundle).
FROM node:20-bookworm-slim AS node

FROM maven:3.9-eclipse-temurin-17 AS build
COPY --from=node /usr/local/bin/node /usr/local/bin/node
COPY --from=node /usr/local/lib/node_modules/npm /usr/local/lib/node_modules/npm
RUN ln -s /usr/local/lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm && node --version && npm --version
WORKDIR /src
# Dependencies first, so they stay cached while only the sources change.
COPY pom.xml package.json package-lock.json .npmrc ./
RUN --mount=type=cache,target=/root/.m2 --mount=type=cache,target=/root/.npm \
    mvn -B -q dependency:go-offline -DskipTests
COPY scripts ./scripts
COPY src ./src
# -DskipTests also skips the face-api.js reference run (it only feeds the tests).
RUN --mount=type=cache,target=/root/.m2 --mount=type=cache,target=/root/.npm \
    mvn -B -q package -DskipTests && cp target/facegate.jar /facegate.jar

FROM eclipse-temurin:17-jre
RUN apt-get update && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin facegate \
    && mkdir -p /app/data && chown -R facegate /app
WORKDIR /app
# Memory (README, Start-up and memory): the heap is 40% of the instance's memory (205 MB on 512 MB, 410 MB on 1 GB;
# the rest is for ONNX Runtime's networks, class metadata, code and threads), the serial collector (what the JVM
# picks by itself below 2 cores or 1792 MB, and the smallest footprint) giving memory back when more than 40% of
# the heap is free after a collection, two malloc arenas instead of one per thread, the C heap's free memory given
# back every 10 s (ONNX Runtime runs without its own arena and returns each run's buffers to malloc), and the
# class-data-sharing archive made below.
ENV JVM_MEMORY_OPTIONS="-XX:MaxRAMPercentage=40 -XX:+UseSerialGC -XX:MinHeapFreeRatio=20 -XX:MaxHeapFreeRatio=40 -XX:+UnlockExperimentalVMOptions -XX:TrimNativeHeapInterval=10000 -XX:+ExitOnOutOfMemoryError" \
    MALLOC_ARENA_MAX=2
COPY --from=build /facegate.jar /tmp/facegate.jar
# Start-up: the jar extracted (classes load from plain jars on the class path, not from nested ones) and a
# class-data-sharing archive of the classes a start loads, recorded by a training run that starts the application
# up to its refreshed context (SQLite in a scratch folder, no cleanup) and exits.
RUN java -Djarmode=tools -jar /tmp/facegate.jar extract --destination /app/jar && rm /tmp/facegate.jar \
    && mkdir /tmp/train && cd /tmp/train \
    && CLEANUP_ENABLED=false PORT=0 java $JVM_MEMORY_OPTIONS -XX:ArchiveClassesAtExit=/app/jar/facegate.jsa \
       -Dspring.context.exit=onRefresh -jar /app/jar/facegate.jar \
    && cd / && rm -rf /tmp/train
USER facegate
# render.yaml gives the same JAVA_TOOL_OPTIONS (RenderBlueprintTest checks they agree). The Tier4 thresholds, ten
# times the JVM's defaults (5000, 600, 15000, 40000), keep the optimising compiler (C2) off the start's code that
# runs a few thousand times and is never used again (it was a third of a start's CPU time); hot paths such as
# a password hash (PBKDF2) still reach C2 within a few calls (README, Start-up and memory).
ENV PORT=5000 \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=40 -XX:+UseSerialGC -XX:MinHeapFreeRatio=20 -XX:MaxHeapFreeRatio=40 -XX:+UnlockExperimentalVMOptions -XX:TrimNativeHeapInterval=10000 -XX:+ExitOnOutOfMemoryError -XX:SharedArchiveFile=/app/jar/facegate.jsa -XX:Tier4InvocationThreshold=50000 -XX:Tier4MinInvocationThreshold=6000 -XX:Tier4CompileThreshold=150000 -XX:Tier4BackEdgeThreshold=400000"
EXPOSE 5000
# Loads four networks at start: give it time before counting failures.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD curl -fsS "http://127.0.0.1:${PORT}/actuator/health/readiness" >/dev/null || exit 1
# exec form: the JVM gets SIGTERM directly and shuts down gracefully (server.shutdown=graceful).
ENTRYPOINT ["java", "-jar", "/app/jar/facegate.jar"]
