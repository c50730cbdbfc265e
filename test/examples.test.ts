/**
 * The bundled example fleets (examples/<name>/fleet.yaml), one per architecture of the seeds: each must
 * validate without a warning, be classified as the architecture it models, match what `hactl plan`
 * recommends for its objectives, assess without a critical problem, and have every pod placed by
 * `hactl place`. Runs the built CLI, as users do.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, runCli, type RunResult } from "./helpers/cli.js";

interface Expected {
  /** Architecture id of the described fleet and of plan's recommendation (catalog/architectures.ts). */
  architecture: string;
  /** Seed 000 case the example models. */
  seedCase: number;
  clusters: number;
}

const EXPECTED: Record<string, Expected> = {
  "single-dc": { architecture: "single-cluster", seedCase: 1, clusters: 1 },
  "multi-zone": { architecture: "multi-zone", seedCase: 2, clusters: 1 },
  "stretched-metro": { architecture: "stretched", seedCase: 3, clusters: 1 },
  "active-passive": { architecture: "active-passive-manual", seedCase: 4, clusters: 2 },
  "active-active": { architecture: "active-active", seedCase: 4, clusters: 2 },
  "hybrid-edge": { architecture: "hybrid-edge", seedCase: 5, clusters: 4 },
  homelab: { architecture: "single-cluster", seedCase: 1, clusters: 1 },
};

const EXAMPLES = join(ROOT, "examples");
const found = readdirSync(EXAMPLES, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(EXAMPLES, d.name, "fleet.yaml")))
  .map((d) => d.name)
  .sort();

function json(r: RunResult, what: string): any {
  try {
    return JSON.parse(r.stdout);
  } catch {
    throw new Error(`${what}: stdout is not JSON (exit ${r.code})\nstdout: ${r.stdout.slice(0, 500)}\nstderr: ${r.stderr.slice(0, 500)}`);
  }
}

// One process per verb over all examples (in directory order): start-up dominates, so this keeps the
// whole file at a few seconds even on a loaded 2-core runner.
const files = found.map((name) => `examples/${name}/fleet.yaml`);
const args = files.flatMap((f) => ["-f", f]);
const runs = Promise.all([
  runCli(["validate", ...args, "-o", "json"]),
  runCli(["assess", ...args, "-o", "json"]),
  runCli(["plan", ...args, "-o", "json"]),
  runCli(["place", ...args, "-o", "json"]),
]);

describe("examples/", () => {
  it("has exactly the examples this test knows, each with a fleet, manifests and a README", () => {
    expect(found).toEqual(Object.keys(EXPECTED).sort());
    for (const name of found) {
      const dir = join(EXAMPLES, name);
      const fleet = readFileSync(join(dir, "fleet.yaml"), "utf8");
      expect(fleet.split("\n")[0], name).toBe("# yaml-language-server: $schema=../../schema/fleet.schema.json");
      expect(fleet, name).toMatch(/^# Seed 00\d/m);
      expect(existsSync(join(dir, "README.md")), `${name}/README.md`).toBe(true);
      expect(readdirSync(join(dir, "k8s")).some((f) => f.endsWith(".yaml")), `${name}/k8s`).toBe(true);
    }
  });

  it("validate: every example is valid, with no warning and nothing on stderr", async () => {
    const [validate] = await runs;
    expect(validate.stderr).toBe("");
    expect(validate.code).toBe(0);
    const out = json(validate, "validate");
    expect(out.valid).toBe(true);
    expect(out.errors).toBe(0);
    expect(out.warnings).toBe(0);
    expect(out.fleets.map((f: { file: string }) => f.file)).toEqual(files);
  });

  it("assess and plan: exit 0 over all examples (no critical problem anywhere)", async () => {
    const [, assess, plan] = await runs;
    expect(assess.code, assess.stderr).toBe(0);
    expect(plan.code, plan.stderr).toBe(0);
  });

  it("place: every pod of every example finds a node", async () => {
    const place = (await runs)[3];
    expect(place.code, place.stderr).toBe(0);
    const pending = json(place, "place").flatMap((f: { fleet: string; clusters: { cluster: string; summary: { pending: number } }[] }) =>
      f.clusters.filter((c) => c.summary.pending > 0).map((c) => `${f.fleet}/${c.cluster}: ${c.summary.pending} Pending`),
    );
    expect(pending).toEqual([]);
  });

  it.each(found)("%s: validate counts its clusters and objects", async (name) => {
    const out = json((await runs)[0], "validate");
    const fleet = out.fleets.find((f: { file: string }) => f.file === `examples/${name}/fleet.yaml`);
    expect(fleet.clusters).toBe(EXPECTED[name]!.clusters);
    expect(fleet.objects).toBeGreaterThan(20);
  });

  it.each(found)("%s: assess classifies it as intended and it matches the recommendation", async (name) => {
    const want = EXPECTED[name]!;
    const card = json((await runs)[1], "assess").find((c: { file: string }) => c.file === `examples/${name}/fleet.yaml`);
    expect(card.architecture.described).toBe(want.architecture);
    expect(card.architecture.recommended).toBe(want.architecture);
    expect(card.architecture.matches).toBe(true);
    expect(card.counts.critical, JSON.stringify(card.problems, null, 2)).toBe(0);
    expect(card.summary.clusters).toBe(want.clusters);
  });

  it.each(found)("%s: plan recommends the architecture it models", async (name) => {
    const want = EXPECTED[name]!;
    const [, assess, plan] = await runs;
    const fleetName = json(assess, "assess").find((c: { file: string }) => c.file === `examples/${name}/fleet.yaml`).fleet;
    const p = json(plan, "plan").find((x: { fleet: string }) => x.fleet === fleetName);
    expect(p.recommended.architecture).toBe(want.architecture);
    expect(p.recommended.seedCase).toBe(want.seedCase);
    expect(p.described.architecture).toBe(want.architecture);
    expect(p.deviations.filter((d: { severity: string }) => d.severity === "critical")).toEqual([]);
  });
});
