#!/usr/bin/env bash
# Calls FaceGate's cleanup once (for an hourly cron job). Needs curl, APP_URL (e.g. https://facegate.example.com)
# and TASK_TOKEN. CSRF is required on every POST, so it fetches a token with a cookie jar first.
set -euo pipefail
: "${APP_URL:?set APP_URL to the app base URL, e.g. https://facegate.example.com}"
: "${TASK_TOKEN:?set TASK_TOKEN to the app operator token}"
url=${APP_URL%/}
jar=$(mktemp)
trap 'rm -f "$jar"' EXIT
csrf=$(curl -fsS -c "$jar" -b "$jar" "$url/api/csrf" | sed -E 's/.*"token":"([^"]+)".*/\1/')
curl -fsS -c "$jar" -b "$jar" -X POST -H "X-CSRF-TOKEN: $csrf" -H "X-Task-Token: $TASK_TOKEN" \
     -H 'Accept: application/json' "$url/tasks/cleanup"
echo
