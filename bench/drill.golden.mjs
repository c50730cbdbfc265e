// Golden results of the drill: sweeps and timelines that a speed-up must leave byte-identical.
// Run: npm run build && node bench/drill.golden.mjs record DIR   (before a change)
//      npm run build && node bench/drill.golden.mjs check DIR    (after)
// Options: --quick skips the 5,000-node sweep; --only NAME runs the cases whose name contains NAME.
// Cases: every example fleet (the sweep, and every zone/site/cluster scenario plus a few node scenarios
// with timelines), the benchmark fleet at 300 and 1,200 nodes (sweep, zone scenarios with timelines)
// and at 5,000 nodes (the benchmark's sweep). Sweep stats (elapsed time) are left out.
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeFleet } from "./drill.bench.mjs";
import { goldenArgs, runGolden } from "./golden.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { loadInputs } = await import(join(root, "dist", "model", "load", "index.js"));
const { prepareDrill } = await import(join(root, "dist", "drill", "index.js"));

const sweepJson = (s) => JSON.stringify({ ...s, stats: undefined });

function exampleCase(file) {
  const loaded = loadInputs([file], { cwd: root, now: new Date("2026-11-21T00:00:00Z") });
  const out = {};
  for (const f of loaded.fleets) {
    const drill = prepareDrill(f);
    out[f.name] = { sweep: JSON.parse(sweepJson(drill.sweep())) };
    const list = drill.scenarios();
    const picked = [...list.filter((s) => s.domain !== "node"), ...list.filter((s) => s.domain === "node").slice(0, 4)];
    out[f.name].runs = picked.map((s) => drill.run(s.scenario));
    // Sampled bounds and another seed take other paths (random lease renewals, monitor anchors).
    const sampled = prepareDrill(f, { bounds: "sampled", seed: 7 });
    out[f.name].sampled = JSON.parse(sweepJson(sampled.sweep()));
  }
  return out;
}

function benchCase(nodes, pods, full) {
  const dir = mkdtempSync(join(tmpdir(), "hactl-drill-golden-"));
  const file = writeFleet(dir, nodes, pods);
  const loaded = loadInputs([file], { cwd: dir });
  const drill = prepareDrill(loaded.fleets[0], { timeline: !full });
  const out = { sweep: JSON.parse(sweepJson(drill.sweep({}))) };
  if (!full) {
    const list = drill.scenarios();
    out.runs = [...list.filter((s) => s.domain !== "node"), ...list.filter((s) => s.domain === "node").slice(0, 3)].map((s) => drill.run(s.scenario));
  }
  return out;
}

const { mode, dir, quick, only } = goldenArgs("drill.golden.mjs");
const cases = [];
for (const name of readdirSync(join(root, "examples")).sort()) {
  const file = join(root, "examples", name, "fleet.yaml");
  if (existsSync(file)) cases.push([`example-${name}`, () => exampleCase(file)]);
}
cases.push(["bench-300", () => benchCase(300, 9000, false)]);
cases.push(["bench-1200", () => benchCase(1200, 36000, false)]);
if (!quick) cases.push(["bench-5000", () => benchCase(5000, 150000, true)]);
runGolden(cases, { mode, dir, only });
