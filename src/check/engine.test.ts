import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { deployment, fleet } from "../../test/check/builders.js";
import { loadInputs } from "../model/load/index.js";
import { runCheck } from "./engine.js";
import { defineRule } from "./rule.js";
import { globToRegExp } from "./suppress.js";
import pdbMissing from "./rules/pdb-missing.js";
import workloadReplicas from "./rules/workload-replicas.js";

function load(docs: object[]) {
  const text = docs.map((d) => stringify(d)).join("---\n");
  return loadInputs(["-"], { readStdin: () => text });
}

const fleetRule = defineRule({
  id: "test-fleet-rule",
  title: "A fleet-level rule used by the engine tests",
  category: "control-plane",
  severity: "critical",
  rationale: "Exercises fleet-scoped rules: they run once per fleet and point into the fleet file.",
  appliesTo: ["Fleet"],
  scope: "fleet",
  messages: { clusters: "fleet {{name}} has {{n}} cluster(s)" },
  check(ctx) {
    const f = ctx.fleet!;
    ctx.report({
      subject: { kind: "Cluster", name: f.clusters[0]!.name },
      path: ["spec", "clusters", 0, "controlPlane"],
      messageId: "clusters",
      data: { name: f.name, n: f.clusters.length },
      mechanism: "only here to prove fleet findings are located in the fleet document",
      fix: "nothing to fix, this is a test",
    });
  },
});

describe("check engine", () => {
  it("runs object rules on plain manifests without topology", () => {
    const r = load([deployment("web").replicas(1).obj()]);
    const res = runCheck({ objects: r.objects }, { rules: [workloadReplicas, fleetRule] });
    expect(res.findings.map((f) => f.ruleId)).toEqual(["workload-replicas"]);
    expect(res.findings[0]!.object).toEqual({ apiVersion: "apps/v1", kind: "Deployment", namespace: "default", name: "web", cluster: undefined });
    expect(res.findings[0]!.location).toMatchObject({ file: "<stdin>", line: 37, column: 13, path: "spec.replicas", exact: true });
    expect(res.summary).toMatchObject({ objects: 1, clusters: 0, rules: 2, findings: { critical: 0, warning: 1, info: 0 }, suppressed: 0 });
  });

  it("runs object rules per cluster and fleet rules once per fleet, located in the fleet file", () => {
    const r = load([fleet(), deployment("web").replicas(1).obj()]);
    const res = runCheck({ fleets: r.fleets }, { rules: [workloadReplicas, fleetRule] });
    expect(res.findings.map((f) => `${f.ruleId}@${f.object.cluster}`)).toEqual(["test-fleet-rule@undefined", "workload-replicas@prod"]);
    const fl = res.findings[0]!;
    expect(fl.object).toMatchObject({ kind: "Cluster", name: "prod" });
    expect(fl.location.path).toBe("spec.clusters[0].controlPlane");
    expect(fl.location.line).toBeGreaterThan(5);
    expect(fl.severity).toBe("critical");
    expect(res.summary.clusters).toBe(1);
  });

  it("applies severity overrides, disabled and opt-in rules from the config", () => {
    const r = load([deployment("web").replicas(1).obj()]);
    const optIn = defineRule({ ...workloadReplicas, id: "opt-in-replicas", optIn: true });
    let res = runCheck({ objects: r.objects }, { rules: [workloadReplicas, optIn], config: { rules: { "workload-replicas": { severity: "critical" } }, ignorePaths: [] } });
    expect(res.findings.map((f) => `${f.ruleId}:${f.severity}`)).toEqual(["workload-replicas:critical"]);
    expect(res.rules).toEqual([
      { id: "workload-replicas", severity: "critical", enabled: true },
      { id: "opt-in-replicas", severity: "warning", enabled: false },
    ]);
    res = runCheck({ objects: r.objects }, { rules: [workloadReplicas, optIn], config: { rules: { "workload-replicas": { enabled: false }, "opt-in-replicas": { enabled: true } }, ignorePaths: [] } });
    expect(res.findings.map((f) => f.ruleId)).toEqual(["opt-in-replicas"]);
  });

  it("passes validated options to the rule", () => {
    const r = load([deployment("web").replicas(2).obj()]);
    const res = runCheck({ objects: r.objects }, { rules: [workloadReplicas], config: { rules: { "workload-replicas": { options: { min: 3, minCritical: 3 } } }, ignorePaths: [] } });
    expect(res.findings[0]!.message).toContain("at least 3");
  });

  it("suppresses by annotation (all rules with *) and by ignored path, counting what it suppressed", () => {
    const r = load([deployment("web").replicas(1).annotate("hactl.dev/ignore", "*").obj(), deployment("api").replicas(1).obj()]);
    let res = runCheck({ objects: r.objects }, { rules: [workloadReplicas, pdbMissing] });
    expect(res.findings.map((f) => f.object.name)).toEqual(["api"]);
    expect(res.suppressed.map((f) => [f.object.name, f.suppressed])).toEqual([["web", { kind: "annotation", reason: undefined }]]);
    res = runCheck({ objects: r.objects }, { rules: [workloadReplicas], config: { rules: {}, ignorePaths: [{ glob: "<stdin>", re: globToRegExp("<stdin>") }], file: ".hactl.yaml" } });
    expect(res.findings).toEqual([]);
    expect(res.summary.suppressed).toBe(2);
    expect(res.suppressed[1]!.suppressed).toEqual({ kind: "config", reason: "ignorePaths <stdin> in .hactl.yaml" });
  });

  it("gives stable fingerprints that ignore line moves", () => {
    const a = load([deployment("web").replicas(1).obj()]);
    const b = load([deployment("other").replicas(2).obj(), deployment("web").replicas(1).obj()]);
    const fa = runCheck({ objects: a.objects }, { rules: [workloadReplicas] }).findings[0]!;
    const fb = runCheck({ objects: b.objects }, { rules: [workloadReplicas] }).findings[0]!;
    expect(fb.location.line).not.toBe(fa.location.line);
    expect(fb.fingerprint).toBe(fa.fingerprint);
  });

  it("checks the last definition of an object defined twice in plain manifests, and says so", () => {
    const r = load([deployment("web").replicas(1).obj(), deployment("web").replicas(3).obj()]);
    const res = runCheck({ objects: r.objects }, { rules: [workloadReplicas, pdbMissing] });
    expect(res.summary.objects).toBe(1);
    expect(res.findings.map((f) => `${f.ruleId} ${f.location.line}`)).toEqual(["pdb-missing 42"]);
    expect(res.notes).toHaveLength(1);
    expect(res.notes[0]).toMatch(/^1 object is defined more than once .* Deployment default\/web \(<stdin>:1, <stdin>:39\)/);
  });

  it("names the failing rule when a rule throws", () => {
    const broken = defineRule({ ...workloadReplicas, id: "broken", check: () => { throw new Error("boom"); } });
    const r = load([deployment("web").obj()]);
    expect(() => runCheck({ objects: r.objects }, { rules: [broken] })).toThrow("rule broken failed: boom");
  });
});

describe("globToRegExp", () => {
  it.each([
    ["charts/**/tests/*.yaml", "charts/a/b/tests/x.yaml", true],
    ["charts/**/tests/*.yaml", "charts/tests/x.yaml", true],
    ["charts/**/tests/*.yaml", "charts/tests/sub/x.yaml", false],
    ["*.yaml", "dir/x.yaml", false],
    ["**/*.{yaml,yml}", "a/b.yml", true],
    ["k8s/dev-?.yaml", "k8s/dev-1.yaml", true],
  ])("%s matches %s: %s", (glob, path, expected) => {
    expect(globToRegExp(glob).test(path)).toBe(expected);
  });
});
