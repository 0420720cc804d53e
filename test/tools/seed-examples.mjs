// Prints the SQL that seeds the example state machines (worker/examples) into D1, for `npm run dev`.
// INSERT OR IGNORE: running it on every start is harmless, and a machine the user changed (or
// deleted and recreated) keeps the user's version. `revision` takes its column default.
import { EXAMPLES, exampleArn } from "../../worker/examples/definitions.ts";

const ROLE = "arn:aws:iam::123456789012:role/asl-examples";
const q = (s) => `'${String(s).replaceAll("'", "''")}'`;
const now = Date.now();

for (const e of EXAMPLES) {
  const values = [exampleArn(e.name), e.name, e.type, JSON.stringify(e.definition), ROLE, "ACTIVE"].map(q);
  console.log(
    `INSERT OR IGNORE INTO state_machines (arn, name, type, definition, role_arn, status, created_at, updated_at) ` +
      `VALUES (${values.join(", ")}, ${now}, ${now});`,
  );
}
