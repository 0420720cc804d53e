#!/bin/sh
# `npm run dev [-- --ip 0.0.0.0 --port 8788]`: the runtime on this machine, offline, with
#  - the local D1 (in .wrangler/state, kept across restarts; ASL_DEV_STATE=<dir> to use another) migrated,
#  - the examples of worker/examples: their task worker bound as TASKS, and their state machines seeded
#    (once: a machine you change stays changed),
#  - API_TOKEN: $API_TOKEN if set, else one from .dev.vars or your own --var, else `local-dev-token`.
#  - AWS_ACCESS_KEYS (the AWS protocol's SigV4 keys): from .dev.vars or your own --var, else the pair test/test.
# Every argument goes to `wrangler dev` unchanged.
set -e
state=${ASL_DEV_STATE:-.wrangler/state}
# wrangler.toml plus the examples (worker/examples): the TASKS binding and LAMBDA_FUNCTIONS.
config=$(node test/tools/examples-config.mjs)
# stdin from /dev/null: no interactive "continue?" prompt.
wrangler d1 migrations apply DB --local --config "$config" --persist-to "$state" </dev/null
mkdir -p .wrangler/tmp
node test/tools/seed-examples.mjs >.wrangler/tmp/seed-examples.sql
wrangler d1 execute DB --local --config "$config" --persist-to "$state" --file .wrangler/tmp/seed-examples.sql </dev/null >/dev/null
echo "Example state machines ready: $(node -e 'import("./worker/examples/definitions.ts").then((m) => console.log(m.EXAMPLES.map((e) => e.name).join(", ")))')"

case " $* " in
  *" --var API_TOKEN:"* | *" --var=API_TOKEN:"*) set -- "$@" ;;
  *)
    if [ -n "$API_TOKEN" ]; then
      set -- --var "API_TOKEN:$API_TOKEN" "$@"
    elif ! grep -qs '^API_TOKEN=' .dev.vars; then
      echo "API_TOKEN: local-dev-token (set API_TOKEN or .dev.vars to choose another)"
      set -- --var API_TOKEN:local-dev-token "$@"
    fi
    ;;
esac
case " $* " in
  *" --var AWS_ACCESS_KEYS:"* | *" --var=AWS_ACCESS_KEYS:"*) ;;
  *)
    if ! grep -qs '^AWS_ACCESS_KEYS=' .dev.vars; then
      echo "AWS_ACCESS_KEYS: access key test, secret test (for the AWS CLI and SDKs)"
      set -- --var 'AWS_ACCESS_KEYS:{"test":"test"}' "$@"
    fi
    ;;
esac
exec wrangler dev --config "$config" --persist-to "$state" "$@"
