/** JUnit XML, the report format CI systems read (Jenkins, GitLab, GitHub Actions' test reporters). */
export interface CaseReport {
  suite: string;
  name: string;
  ms: number;
  failures: string[];
}

const xml = (s: string): string =>
  s
    .replace(/[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");

const seconds = (ms: number): string => (ms / 1000).toFixed(3);

export function junit(cases: CaseReport[]): string {
  const suites = new Map<string, CaseReport[]>();
  for (const c of cases) suites.set(c.suite, [...(suites.get(c.suite) ?? []), c]);
  const failed = (list: CaseReport[]) => list.filter((c) => c.failures.length).length;
  const total = (list: CaseReport[]) => seconds(list.reduce((s, c) => s + c.ms, 0));
  const out = [`<?xml version="1.0" encoding="UTF-8"?>`];
  out.push(`<testsuites name="asl test" tests="${cases.length}" failures="${failed(cases)}" errors="0" time="${total(cases)}">`);
  for (const [suite, list] of suites) {
    out.push(`  <testsuite name="${xml(suite)}" tests="${list.length}" failures="${failed(list)}" errors="0" time="${total(list)}">`);
    for (const c of list) {
      const head = `    <testcase classname="${xml(suite)}" name="${xml(c.name)}" time="${seconds(c.ms)}"`;
      if (!c.failures.length) out.push(`${head}/>`);
      else {
        out.push(`${head}>`);
        out.push(`      <failure message="${xml(c.failures[0])}" type="AssertionError">${xml(c.failures.join("\n"))}</failure>`);
        out.push(`    </testcase>`);
      }
    }
    out.push(`  </testsuite>`);
  }
  out.push(`</testsuites>`);
  return out.join("\n") + "\n";
}
