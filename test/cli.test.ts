import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { baseFleet, setIn } from "../src/model/testing.js";
import { KUBECTL_HA, runCli } from "./helpers/cli.js";

function tempFleet(draft = baseFleet()): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), "hactl-cli-"));
  const file = join(dir, "fleet.yaml");
  writeFileSync(file, stringify(draft));
  return { dir, file };
}

describe("hactl CLI", () => {
  it("prints complete help quickly, for the program and every verb", async () => {
    const top = await runCli(["--help"]);
    expect(top.code).toBe(0);
    for (const verb of ["assess", "plan", "validate", "schema"]) expect(top.stdout).toContain(verb);
    expect(top.stdout).toMatch(/Exit codes: 0 fine, 1 problems/);
    expect(top.ms).toBeGreaterThan(0); // start-up time is measured in bench/, not asserted here
    for (const verb of ["assess", "plan", "validate", "schema"]) {
      const r = await runCli([verb, "--help"]);
      expect(r.code, verb).toBe(0);
      expect(r.stdout, verb).toMatch(new RegExp(`Usage: hactl ${verb}`));
      expect(r.stdout, verb).toMatch(/Examples:/);
    }
  });

  it("prints the version", async () => {
    const r = await runCli(["--version"]);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("answers usage errors with exit 2, a hint and no stack trace", async () => {
    const unknownVerb = await runCli(["asses"]);
    expect(unknownVerb.code).toBe(2);
    expect(unknownVerb.stderr).toMatch(/unknown command 'asses'/);
    expect(unknownVerb.stderr).toMatch(/Did you mean assess\?/);
    const badFlag = await runCli(["assess", "--outptu", "json"]);
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toMatch(/Did you mean --output\?/);
    const badChoice = await runCli(["assess", "-f", "x", "-o", "xml"]);
    expect(badChoice.code).toBe(2);
    expect(badChoice.stderr).toMatch(/Allowed choices are table, json, yaml/);
    const noInput = await runCli(["assess"]);
    expect(noInput.code).toBe(2);
    expect(noInput.stderr).toMatch(/error: no input given\n {2}hint: pass a fleet/);
    for (const r of [unknownVerb, badFlag, badChoice, noInput]) expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("validate reports every problem with its location and exits 2", async () => {
    const draft = baseFleet();
    setIn(draft, ["spec", "objectives", "budgt"], "low");
    setIn(draft, ["spec", "clusters", 0, "nodePools", 0, "zones", 1], "bb");
    const { dir } = tempFleet(draft);
    const r = await runCli(["validate", "-f", "fleet.yaml", "-o", "table"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^fleet\.yaml:\d+:\d+: error: spec\.objectives\.budgt: unknown field "budgt" — did you mean "budget"\?$/m);
    expect(r.stderr).toMatch(/fleet\.yaml:\d+:\d+: error: spec\.clusters\[0\]\.nodePools\[0\]\.zones\[1\]: zone "bb" does not exist/);
    expect(r.stdout).toMatch(/invalid: 2 errors/);
    const json = await runCli(["validate", "-f", "fleet.yaml", "-o", "json"], { cwd: dir });
    const data = JSON.parse(json.stdout);
    expect(data.valid).toBe(false);
    expect(data.diagnostics).toHaveLength(2);
    expect(data.diagnostics[0]).toMatchObject({ file: "fleet.yaml", line: expect.any(Number), column: expect.any(Number), path: expect.any(String) });
  });

  it("validate accepts a good fleet and reads stdin", async () => {
    const r = await runCli(["validate", "-f", "-", "-o", "json"], { stdin: stringify(baseFleet()) });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ valid: true, errors: 0, fleets: [{ name: "test", clusters: 1, nodes: 6 }] });
  });

  it("plan explains the recommendation and answers what-if flags", async () => {
    const { file } = tempFleet();
    const r = await runCli(["plan", "-f", file, "-o", "json"]);
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout);
    expect(plan.recommended.architecture).toBe("multi-zone");
    expect(plan.described.architecture).toBe("multi-zone");
    const whatIf = JSON.parse((await runCli(["plan", "-f", file, "-o", "json", "--geo-redundancy", "required"])).stdout);
    expect(whatIf.recommended.architecture).toMatch(/^active-/);
    expect(whatIf.deviations.map((d: { code: string }) => d.code)).toContain("geo-single-site");
    const table = await runCli(["plan", "-f", file, "-o", "table"]);
    expect(table.stdout).toMatch(/Recommended: Multi-zone cluster \(seed case 2\)/);
    expect(table.stdout).toMatch(/Alternatives\n {2}ARCHITECTURE/);
  });

  it("plan without a fleet works from flags, and rejects bad flag values", async () => {
    const r = await runCli(["plan", "--geo-redundancy", "required", "--sites", "3", "--rtt", "3ms", "--rpo", "0", "--budget", "high", "-o", "json"]);
    expect(JSON.parse(r.stdout).recommended.architecture).toBe("stretched");
    const bad = await runCli(["plan", "--rto", "fast"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--rto "fast" is not a duration/);
    const mixed = await runCli(["plan", "-f", "x.yaml", "--sites", "2"]);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toMatch(/--sites cannot be combined with -f/);
  });

  it("plan --init writes a starter fleet that validates and assesses cleanly, and never overwrites silently", async () => {
    for (const flags of [[], ["--zones", "3", "--rto", "30s", "--rpo", "0"], ["--geo-redundancy", "required", "--sites", "2", "--rtt", "25ms", "--rto", "1m"], ["--geo-redundancy", "required", "--sites", "3", "--rtt", "3ms", "--rpo", "0", "--budget", "high"], ["--edge-sites", "2"]]) {
      const dir = mkdtempSync(join(tmpdir(), "hactl-init-"));
      const init = await runCli(["plan", "--init", ...flags], { cwd: dir });
      expect(init.code, flags.join(" ")).toBe(0);
      expect(init.stderr).toMatch(/wrote fleet\.yaml\nwrote k8s\/app\.yaml/);
      const fleetText = readFileSync(join(dir, "fleet.yaml"), "utf8");
      expect(fleetText.split("\n")[0]).toMatch(/^# yaml-language-server: \$schema=/);
      const v = await runCli(["validate", "-f", "fleet.yaml"], { cwd: dir });
      expect(v.stderr, `${flags.join(" ")}\n${v.stderr}`).toBe("");
      const a = await runCli(["assess", "-f", "fleet.yaml", "-o", "json"], { cwd: dir });
      expect(a.code, `${flags.join(" ")}\n${a.stdout}${a.stderr}`).toBe(0);
      const card = JSON.parse(a.stdout);
      expect(card.architecture.matches, flags.join(" ")).toBe(true);
      expect(card.counts.critical, flags.join(" ")).toBe(0);
      const again = await runCli(["plan", "--init", ...flags], { cwd: dir });
      expect(again.code).toBe(2);
      expect(again.stderr).toMatch(/already exist.*\n {2}hint: pass --force/);
    }
  });

  it("plan --init --out - prints a self-contained fleet", async () => {
    const r = await runCli(["plan", "--init", "--out", "-", "--zones", "3"]);
    expect(r.code).toBe(0);
    const v = await runCli(["validate", "-f", "-", "-o", "json"], { stdin: r.stdout });
    expect(JSON.parse(v.stdout)).toMatchObject({ valid: true, warnings: 0, fleets: [{ objects: 3 }] });
  });

  it("assess prints a scorecard and exits 1 on critical problems", async () => {
    const draft = baseFleet();
    setIn(draft, ["spec", "objectives", "geoRedundancy"], "required");
    const { file } = tempFleet(draft);
    const r = await runCli(["assess", "-f", file, "-o", "table"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/HA scorecard: fleet test/);
    expect(r.stdout).toMatch(/CRITICAL +geo-redundancy is required but every cluster runs in one site \(dc1\)/);
    expect(r.stdout).toMatch(/What to do first\n {2}1\. /);
    const relaxed = await runCli(["assess", "-f", file, "-o", "json", "--fail-on", "none"]);
    expect(relaxed.code).toBe(0);
    expect(JSON.parse(relaxed.stdout).grade).toBe("D");
  });

  it("assess without a fleet explains what is missing", async () => {
    const r = await runCli(["assess", "-f", "-"], { stdin: "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n" });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no Fleet found in - \(1 Kubernetes object read\)/);
    expect(r.stderr).toMatch(/hactl plan --init/);
  });

  it("emits YAML and JSON that parse, and schema prints a JSON Schema", async () => {
    const { file } = tempFleet();
    const y = await runCli(["assess", "-f", file, "-o", "yaml"]);
    expect(y.stdout).toMatch(/^fleet: test$/m);
    const s = await runCli(["schema"]);
    expect(JSON.parse(s.stdout)).toMatchObject({ $schema: "https://json-schema.org/draft/2020-12/schema", title: "Fleet" });
  });

  it("defaults to JSON when stdout is not a terminal", async () => {
    const { file } = tempFleet();
    const r = await runCli(["plan", "-f", file]);
    expect(() => JSON.parse(r.stdout)).not.toThrow();
  });

  it("runs as the kubectl plugin kubectl-ha", async () => {
    const r = await runCli(["--help"], { bin: KUBECTL_HA });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Usage: kubectl ha /);
    const { file } = tempFleet();
    const v = await runCli(["validate", "-f", file, "-o", "json"], { bin: KUBECTL_HA });
    expect(JSON.parse(v.stdout).valid).toBe(true);
  });

  it("treats a directory without manifests as an input error", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hactl-"));
    const r = await runCli(["validate", "-f", dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/holds no \*\.yaml, \*\.yml or \*\.json files/);
  });
});
