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
COPY --from=build /facegate.jar /app/facegate.jar
USER facegate
ENV PORT=5000 \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
EXPOSE 5000
# The first start loads four networks (a few seconds): give it time before counting failures.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD curl -fsS "http://127.0.0.1:${PORT}/actuator/health/readiness" >/dev/null || exit 1
# exec form: the JVM gets SIGTERM directly and shuts down gracefully (server.shutdown=graceful).
ENTRYPOINT ["java", "-jar", "/app/facegate.jar"]
