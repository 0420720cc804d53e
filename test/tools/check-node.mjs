// Runs before `npm run dev|test|conformance|bench`: the toolchain needs Node >= 22
// (TypeScript type stripping, wrangler 4, vitest 5). `npm ci` installs Node 22 as a
// dev dependency at node_modules/.bin/node, and `npm run` / `npx` put that folder first
// on PATH, so a machine whose own `node` is 20 still works, as long as it goes through npm.
const major = Number(process.versions.node.split(".")[0]);
if (major < 22) {
  console.error(
    `error: this project needs Node >= 22, but ${process.execPath} is ${process.version}.\n` +
      "Run `npm ci` first (it installs Node 22 into node_modules/.bin/node), then use\n" +
      "`npm run <script>` or `npx <tool>`, which run node_modules/.bin/node, not the system node.",
  );
  process.exit(1);
}
