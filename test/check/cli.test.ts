/** `hactl check`, `hactl rules` and `hactl explain` end to end, as users and CI run them. */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, runCli } from "../helpers/cli.js";

const SHOP = "test/fixtures/check/shop";
const ZONES = "test/fixtures/check/fleet-zones/fleet.yaml";

function tempCopy(dir: string): string {
  const d = mkdtempSync(join(tmpdir(), "hactl-check-"));
  cpSync(join(ROOT, dir), d, { recursive: true });
  return d;
}

describe("hactl check", () => {
  it("checks a directory of manifests: JSON by default off a TTY, exit 1 on a critical finding", async () => {
    const r = await runCli(["check", "-f", SHOP]);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.summary).toMatchObject({ objects: 5, clusters: 0, findings: { critical: 1, warning: 3, info: 1 }, suppressed: 2 });
    expect(out.findings[0]).toMatchObject({ ruleId: "pdb-blocks-drain", severity: "critical", location: { file: `${SHOP}/api.yaml`, line: 35, column: 17, path: "spec.minAvailable" } });
    expect(out.suppressed).toBeUndefined();
  });

  it("--fail-on decides the exit code; --show-suppressed lists suppressed findings", async () => {
    expect((await runCli(["check", "-f", SHOP, "--fail-on", "none"])).code).toBe(0);
    const r = await runCli(["check", "-f", SHOP, "--fail-on", "info", "--show-suppressed", "-o", "yaml"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("suppressed:\n  - ruleId: bare-pod");
  });

  it("reads manifests from stdin (helm template | hactl check -f -)", async () => {
    const manifest = readFileSync(join(ROOT, SHOP, "web.yaml"), "utf8");
    const r = await runCli(["check", "-f", "-", "-o", "json", "--rule", "workload-replicas"], { stdin: manifest });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.findings).toHaveLength(1);
    expect(out.findings[0].location).toMatchObject({ file: "<stdin>", line: 10 });
    expect(out.summary.rules).toBe(1);
  });

  it("uses the fleet's zones and objectives", async () => {
    const r = await runCli(["check", "-f", ZONES, "-o", "json"]);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.findings.map((f: { ruleId: string; object: { name: string; cluster: string } }) => `${f.ruleId} ${f.object.name}@${f.object.cluster}`)).toEqual([
      "spread-zone-strands checkout@prod",
      "zone-spread-missing catalog@prod",
      "pdb-zone-loss catalog@prod",
      "zonal-storage-immediate-binding gp3@prod",
      "site-loss-exposure fra@undefined",
    ]);
    // Without the fleet the same manifests give no zone findings: hactl does not guess zones.
    const plain = JSON.parse((await runCli(["check", "-f", "test/fixtures/check/fleet-zones/k8s", "-o", "json"])).stdout);
    expect(plain.findings).toEqual([]);
  });

  it("prints SARIF, JUnit and Markdown", async () => {
    const sarif = JSON.parse((await runCli(["check", "-f", SHOP, "-o", "sarif"])).stdout);
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.runs[0].results).toHaveLength(5);
    const junit = (await runCli(["check", "-f", SHOP, "-o", "junit"])).stdout;
    expect(junit).toMatch(/<testsuites name="hactl check" tests="\d+" failures="5" errors="0" skipped="2">/);
    const md = (await runCli(["check", "-f", SHOP, "-o", "markdown"])).stdout;
    expect(md).toContain("### hactl check: 1 critical, 3 warnings, 1 info");
  });

  it("honours .hactl.yaml next to the inputs: disabled rules, severities, options, ignored paths", async () => {
    const d = tempCopy(SHOP);
    writeFileSync(
      join(d, ".hactl.yaml"),
      "apiVersion: hactl.dev/v1alpha1\nkind: CheckConfig\nrules:\n  image-tag-mutable: off\n  pdb-blocks-drain: warning\n  workload-replicas:\n    options: { min: 1 }\ndisable: [liveness-probe-missing]\n",
    );
    const r = await runCli(["check", "-f", d, "-o", "json"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.findings.map((f: { ruleId: string; severity: string }) => `${f.ruleId}:${f.severity}`)).toEqual(["pdb-blocks-drain:warning", "readiness-probe-missing:warning"]);
    writeFileSync(join(d, ".hactl.yaml"), "ignorePaths: [api.yaml]\n");
    const ignored = JSON.parse((await runCli(["check", "-f", d, "-o", "json"])).stdout);
    expect(ignored.findings.every((f: { location: { file: string } }) => f.location.file.endsWith("web.yaml"))).toBe(true);
    expect(ignored.summary.suppressed).toBe(4); // 2 by annotation, 2 by the ignored path
  });

  it("reports config mistakes with file:line:column and a suggestion (exit 2)", async () => {
    const d = tempCopy(SHOP);
    const cfg = mkdtempSync(join(tmpdir(), "hactl-config-"));
    writeFileSync(join(cfg, "hactl-check.yaml"), "rules:\n  workload-replica: off\n  pdb-missing:\n    options: { min: 2 }\n  workload-replicas:\n    severity: fatal\n    options: { min: zero }\n");
    const r = await runCli(["check", "-f", d, "--config", join(cfg, "hactl-check.yaml")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/hactl-check\.yaml:2:3: error: rules\.workload-replica: unknown rule "workload-replica"/);
    expect(r.stderr).toContain('did you mean "workload-replicas"?');
    expect(r.stderr).toMatch(/hactl-check\.yaml:4:14: error: .*rule pdb-missing has no options/);
    expect(r.stderr).toMatch(/hactl-check\.yaml:6:15: error: .*severity "fatal" is not one of critical, warning, info/);
    expect(r.stderr).toMatch(/hactl-check\.yaml:7:21: error: .*option min of rule workload-replicas/);
  });

  it("--fix writes the mechanical fixes, keeps comments, and checks again", async () => {
    const d = tempCopy(SHOP);
    const r = await runCli(["check", "-f", d, "--fix", "-o", "json", "--fail-on", "none"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/fixed: \d+ fix\(es\) written to \d+ file\(s\)/);
    const web = readFileSync(join(d, "web.yaml"), "utf8");
    expect(web).toContain("replicas: 2 # scaled down during the migration");
    expect(web).toContain("# The shop's storefront: looks replicated, is not protected.");
    expect(web).toMatch(/kind: PodDisruptionBudget[\s\S]*maxUnavailable: 1/);
    const api = readFileSync(join(d, "api.yaml"), "utf8");
    expect(api).not.toContain("minAvailable: 100%");
    const out = JSON.parse(r.stdout);
    expect(out.findings.filter((f: { fix: { patch?: unknown } }) => f.fix.patch)).toEqual([]);
    expect(out.summary.findings.critical).toBe(0);
  });

  it("--fix --dry-run prints a unified diff and writes nothing; --dry-run alone is a usage error", async () => {
    const d = tempCopy(SHOP);
    const before = readdirSync(d).map((f) => readFileSync(join(d, f), "utf8"));
    const r = await runCli(["check", "-f", d, "--fix", "--dry-run"], { cwd: d });
    expect(r.stdout).toMatch(/^--- a\/api\.yaml\n\+\+\+ b\/api\.yaml\n@@ -\d+,\d+ \+\d+,\d+ @@/m);
    expect(r.stdout).toContain("-  minAvailable: 100%");
    expect(r.stdout).toContain("+  maxUnavailable: 1");
    expect(readdirSync(d).map((f) => readFileSync(join(d, f), "utf8"))).toEqual(before);
    const bad = await runCli(["check", "-f", d, "--dry-run"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--dry-run only applies together with --fix");
  });

  it("unknown --rule ids get a suggestion", async () => {
    const r = await runCli(["check", "-f", SHOP, "--rule", "pdb-mising"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('did you mean "pdb-missing"?');
  });

  it("finds no availability problems of warning or worse in the example fleets (correct HA configs), and the homelab's documented weaknesses", async () => {
    // examples/homelab/README.md, "Deliberate weaknesses": two workers make N-1 tight (one failure leaves every replica on one node).
    const expected: Record<string, string[]> = { homelab: ["capacity-n-minus-1"] };
    const examples = readdirSync(join(ROOT, "examples")).filter((e) => existsSync(join(ROOT, "examples", e, "fleet.yaml")));
    expect(examples.length).toBeGreaterThan(3);
    for (const e of examples) {
      const r = await runCli(["check", "-f", `examples/${e}/fleet.yaml`, "-o", "json", "--fail-on", "warning"]);
      const out = JSON.parse(r.stdout);
      const serious = out.findings.filter((f: { severity: string }) => f.severity !== "info");
      expect(serious.map((f: { ruleId: string; message: string }) => `${e}: ${f.ruleId}: ${f.message}`).filter((x: string) => !(expected[e] ?? []).some((id) => x.startsWith(`${e}: ${id}: `)))).toEqual([]);
      expect(serious.map((f: { ruleId: string }) => f.ruleId).sort()).toEqual([...(expected[e] ?? [])].sort());
      expect(r.code).toBe(serious.length > 0 ? 1 : 0);
      expect(out.summary.clusters).toBeGreaterThan(0);
    }
  });
});

describe("hactl rules / explain", () => {
  it("lists every rule with metadata and options", async () => {
    const r = await runCli(["rules", "-o", "json"]);
    expect(r.code).toBe(0);
    const rules = JSON.parse(r.stdout) as { id: string; category: string; docsUrl: string; defaults: Record<string, unknown> }[];
    expect(rules.length).toBeGreaterThanOrEqual(35);
    expect(rules.find((x) => x.id === "workload-replicas")?.defaults).toEqual({ min: 2, minCritical: 3 });
    const table = await runCli(["rules", "--category", "topology", "-o", "table"]);
    expect(table.stdout).toMatch(/^ID\s+CATEGORY\s+SEVERITY\s+SCOPE\s+TITLE/);
    expect(table.stdout).toContain("spread-zone-strands");
    expect(table.stdout).not.toContain("pdb-missing");
  });

  it("explains a rule from its docs page, and suggests the closest id for a typo", async () => {
    const r = await runCli(["explain", "pdb-blocks-drain"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("# pdb-blocks-drain");
    expect(r.stdout).toContain("## ❌ Incorrect");
    const bad = await runCli(["explain", "pdb-block-drain"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('did you mean "pdb-blocks-drain"?');
  });
});
