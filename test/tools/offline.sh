#!/bin/sh
# Runs a command with wrangler/miniflare kept offline and inside the project: no telemetry,
# no fetch of Cloudflare's request.cf data, and wrangler's config/logs under ./.config.
root=$(cd "$(dirname "$0")/../.." && pwd)
export CLOUDFLARE_CF_FETCH_ENABLED=false
export WRANGLER_SEND_METRICS=false
export XDG_CONFIG_HOME="$root/.config"
# vitest keeps an API token under XDG_DATA_HOME: keep that inside the project too.
export XDG_DATA_HOME="$root/.config/data"
exec "$@"
