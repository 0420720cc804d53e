#!/bin/sh
# `npm run dev [-- --ip 0.0.0.0 --port 8788]`: apply D1 migrations to the local database,
# then start wrangler dev on the same state folder (.wrangler/state, gitignored).
set -e
# stdin from /dev/null: apply without the interactive "continue?" prompt.
wrangler d1 migrations apply DB --local --persist-to .wrangler/state </dev/null
exec wrangler dev --persist-to .wrangler/state "$@"
