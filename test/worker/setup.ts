// Runs before each worker test file; each file gets its own storage, so this applies the
// D1 migrations to a fresh database every time (already-applied ones are skipped).
import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";

await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
