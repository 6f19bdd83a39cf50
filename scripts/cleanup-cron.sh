#!/usr/bin/env bash
# FaceGate's cleanup, once (the hourly cron job of render.yaml); the original app's cron line, unchanged. Needs
# curl, APP_URL (e.g. https://facegate.example.com, no trailing slash) and TASK_TOKEN. No cookie and no CSRF token:
# a request authenticated by the X-Task-Token header alone is CSRF-exempt (README, HTTP API).
curl -fsS -X POST -H "X-Task-Token: $TASK_TOKEN" "$APP_URL/tasks/cleanup"
