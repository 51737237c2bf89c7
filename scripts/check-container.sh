#!/usr/bin/env bash
# Builds the image and starts compose.yaml (app, worker, PostgreSQL), then asks the app /healthz and /readyz.
# Needs a container engine with compose: `docker compose` or `podman compose` (podman 4.7+);
# .ci/run calls it only when one answers.
set -euo pipefail
cd "$(dirname "$0")/.."

engine=${CONTAINER_ENGINE:-}
if [ -z "$engine" ]; then
  for candidate in docker podman; do
    if command -v "$candidate" >/dev/null && "$candidate" compose version >/dev/null 2>&1 && "$candidate" info >/dev/null 2>&1; then
      engine=$candidate
      break
    fi
  done
fi
[ -n "$engine" ] || { echo "check-container: no docker or podman with compose that answers" >&2; exit 2; }

# A project and port of its own, so a check never touches a compose project someone runs here.
export COMPOSE_PROJECT_NAME=library-check-$$ PORT=${CHECK_PORT:-38080}
compose() { "$engine" compose -f compose.yaml "$@"; }
trap 'compose down --volumes --remove-orphans >/dev/null 2>&1 || true' EXIT

compose build
compose up --detach
for _ in $(seq 60); do
  if curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && curl -fsS "http://127.0.0.1:$PORT/readyz"; then
    echo
    echo "check-container: the app answers /healthz and /readyz on PostgreSQL"
    exit 0
  fi
  sleep 2
done
compose ps
compose logs --tail 50
echo "check-container: the app did not become ready" >&2
exit 1
