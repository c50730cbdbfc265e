// The record/check runner shared by bench/twin.golden.mjs and bench/drill.golden.mjs: each case's result
// is serialised to JSON and either written to DIR (record) or compared byte for byte with what DIR holds
// (check; a difference is written beside it as NAME.json.new and the process exits 1).
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** The command line of a golden script: `record|check DIR [--quick] [--only NAME]` (exits 2 otherwise). */
export function goldenArgs(script) {
  const [, , mode, dir, ...rest] = process.argv;
  if ((mode !== "record" && mode !== "check") || !dir) {
    console.error(`usage: node bench/${script} record|check DIR [--quick] [--only NAME]`);
    process.exit(2);
  }
  const onlyAt = rest.indexOf("--only");
  return { mode, dir, quick: rest.includes("--quick"), only: onlyAt >= 0 ? rest[onlyAt + 1] : undefined };
}

/** Runs `cases` ([name, () => result][]) in `mode` against `dir`, printing one line per case. */
export function runGolden(cases, { mode, dir, only }) {
  mkdirSync(dir, { recursive: true });
  let bad = 0;
  for (const [name, fn] of cases) {
    if (only && !name.includes(only)) continue;
    const t0 = performance.now();
    const json = JSON.stringify(fn());
    const digest = createHash("sha256").update(json).digest("hex").slice(0, 16);
    const file = join(dir, `${name}.json`);
    const ms = Math.round(performance.now() - t0);
    if (mode === "record") {
      writeFileSync(file, json);
      console.log(`${name} ${digest} ${ms} ms`);
    } else {
      const want = existsSync(file) ? readFileSync(file, "utf8") : undefined;
      const ok = want === json;
      if (!ok) {
        bad++;
        writeFileSync(`${file}.new`, json);
      }
      console.log(`${name} ${ok ? "same" : `DIFFERENT (see ${file}.new)`} ${ms} ms`);
    }
  }
  if (mode === "check") {
    console.log(bad === 0 ? "all cases identical" : `${bad} case(s) differ`);
    if (bad > 0) process.exitCode = 1;
  }
}
