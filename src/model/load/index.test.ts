import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LABEL_CONTROL_PLANE, LABEL_HOSTNAME, LABEL_REGION, LABEL_ZONE } from "../fleet.js";
import { baseFleet, loadDraft, loadValid, setIn } from "../testing.js";
import { loadInputs } from "./index.js";

const deployment = (name: string, ns?: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n${ns ? `  namespace: ${ns}\n` : ""}spec:\n  replicas: 3\n  selector:\n    matchLabels: {app: ${name}}\n  template:\n    metadata:\n      labels: {app: ${name}}\n    spec:\n      containers: [{name: c, image: "nginx:1.27.3"}]\n`;

describe("loadInputs: fleets", () => {
  it("expands node pools into named nodes with the standard topology labels", () => {
    const fleet = loadValid(baseFleet());
    const c = fleet.clusters[0]!;
    expect(c.nodes.map((n) => n.name)).toEqual(["cp-1", "cp-2", "cp-3", "workers-1", "workers-2", "workers-3"]);
    const w2 = c.nodes.find((n) => n.name === "workers-2")!;
    expect(w2.zone).toBe("b");
    expect(w2.labels[LABEL_HOSTNAME]).toBe("workers-2");
    expect(w2.labels[LABEL_ZONE]).toBe("b");
    expect(w2.labels[LABEL_REGION]).toBe("dc1");
    expect(w2.allocatable.cpu).toBe(4);
    expect(w2.allocatable.memory).toBe(16 * 2 ** 30);
    expect(w2.allocatable.pods).toBe(110);
    const cp = c.nodes.find((n) => n.name === "cp-1")!;
    expect(cp.labels[LABEL_CONTROL_PLANE]).toBe("");
    expect(cp.taints).toEqual([{ key: LABEL_CONTROL_PLANE, effect: "NoSchedule" }]);
  });

  it("spreads pool nodes round-robin over zones in order", () => {
    const f = baseFleet();
    setIn(f, ["spec", "clusters", 0, "nodePools", 0, "count"], 5);
    const zones = loadValid(f).clusters[0]!.nodes.filter((n) => n.pool === "workers").map((n) => n.zone);
    expect(zones).toEqual(["a", "b", "c", "a", "b"]);
  });

  it("defaults stacked etcd to one member per control-plane node and applies version timing", () => {
    const c = loadValid(baseFleet()).clusters[0]!;
    expect(c.controlPlane.etcd.members.map((m) => `${m.name}@${m.zone}`)).toEqual(["cp-1@a", "cp-2@b", "cp-3@c"]);
    expect(c.timing.nodeMonitorGracePeriodMs).toBe(40_000); // 1.31
    expect(c.controlPlane.endpoint).toMatchObject({ kind: "kube-vip", instances: 3, failoverMs: 3000 });
  });

  it("uses 50s node-monitor grace period from 1.32 and honours overrides (cluster beats fleet)", () => {
    const f = baseFleet();
    setIn(f, ["spec", "clusters", 0, "kubernetesVersion"], "1.32");
    expect(loadValid(f).clusters[0]!.timing.nodeMonitorGracePeriodMs).toBe(50_000);
    setIn(f, ["spec", "timing"], { nodeMonitorGracePeriod: "20s", notReadyTolerationSeconds: 60 });
    setIn(f, ["spec", "clusters", 0, "timing"], { nodeMonitorGracePeriod: "30s" });
    const c = loadValid(f).clusters[0]!;
    expect(c.timing.nodeMonitorGracePeriodMs).toBe(30_000);
    expect(c.timing.notReadyTolerationSeconds).toBe(60);
    expect(c.timingOrigin).toMatchObject({ nodeMonitorGracePeriodMs: "cluster", notReadyTolerationSeconds: "fleet" });
  });

  it("reads workloads from directories, globs, JSON, List kinds and inline objects", () => {
    const f = baseFleet();
    f.spec["workloads"] = [
      { path: "./k8s", namespace: "shop" },
      { path: "./more/*.json" },
      { inline: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "inline-cm" } } },
    ];
    const list = JSON.stringify({ apiVersion: "v1", kind: "List", items: [{ apiVersion: "v1", kind: "Service", metadata: { name: "svc" }, spec: { selector: { app: "web" } } }] });
    const fleet = loadValid(f, {
      "k8s/web.yaml": `# from helm template\n---\n${deployment("web")}---\n# Source: chart/templates/empty.yaml\n---\napiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n`,
      "k8s/nested/api.yml": deployment("api", "backend"),
      "more/list.json": list,
    });
    const refs = fleet.objects.map((o) => `${o.kind}/${o.metadata.namespace ?? "-"}/${o.metadata.name}`).sort();
    expect(refs).toEqual(["ConfigMap/default/inline-cm", "Deployment/backend/api", "Deployment/shop/web", "Service/default/svc", "Widget/shop/w"].sort());
    const web = fleet.objects.find((o) => o.metadata.name === "web")!;
    expect(web.source.file).toMatch(/k8s\/web\.yaml$/);
    expect(web.source.line).toBe(3);
    expect(fleet.clusters[0]!.objects).toHaveLength(5);
  });

  it("attaches manifests given next to one fleet on the command line", () => {
    const dir = mkdtempSync(join(tmpdir(), "hactl-"));
    writeFileSync(join(dir, "fleet.yaml"), JSON.stringify(baseFleet()));
    writeFileSync(join(dir, "extra.yaml"), deployment("extra"));
    const r = loadInputs([join(dir, "fleet.yaml"), join(dir, "extra.yaml")], { cwd: dir });
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(r.fleets[0]!.objects.map((o) => o.metadata.name)).toEqual(["extra"]);
  });

  it("does not read a fleet's referenced manifests twice when the whole directory is given", () => {
    const f = baseFleet();
    f.spec["workloads"] = [{ path: "./k8s" }];
    const { dir } = loadDraft(f, { "k8s/web.yaml": deployment("web") });
    const r = loadInputs([dir], { cwd: dir });
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(r.fleets[0]!.objects).toHaveLength(1);
  });

  it("reads stdin with -f -", () => {
    const r = loadInputs(["-"], { readStdin: () => deployment("from-stdin") });
    expect(r.objects.map((o) => o.metadata.name)).toEqual(["from-stdin"]);
    expect(r.objects[0]!.source.file).toBe("<stdin>");
  });

  it("keeps unknown kinds and CRDs without complaint", () => {
    const r = loadInputs(["-"], {
      readStdin: () => "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: widgets.example.com}\n---\napiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n",
    });
    expect(r.diagnostics).toEqual([]);
    expect(r.objects.map((o) => o.kind)).toEqual(["CustomResourceDefinition", "Widget"]);
    expect(r.objects[0]!.metadata.namespace).toBeUndefined();
    expect(r.objects[1]!.metadata.namespace).toBe("default");
  });
});

describe("loadInputs: errors", () => {
  it("reports every schema and reference problem at once, each located", () => {
    const f = baseFleet();
    setIn(f, ["spec", "objectives", "budgt"], "low");
    setIn(f, ["spec", "clusters", 0, "nodePools", 0, "zones", 2], "d");
    setIn(f, ["spec", "clusters", 0, "controlPlane", "etcd"], { topology: "stacked", members: [{ name: "e1", node: "cp-9" }] });
    setIn(f, ["spec", "placement"], [{ name: "p", workloads: { namespaces: ["x"] }, clusters: ["prodd"] }]);
    const r = loadDraft(f);
    const messages = r.errors.map((d) => `${d.path}: ${d.message}${d.suggestion ? ` (${d.suggestion})` : ""}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        'spec.objectives.budgt: unknown field "budgt" — did you mean "budget"?',
        'spec.clusters[0].nodePools[0].zones[2]: zone "d" does not exist (known zones: "a", "b", "c")',
        'spec.clusters[0].controlPlane.etcd.members[0].node: control-plane node "cp-9" does not exist (did you mean "cp-1"?)',
        'spec.placement[0].clusters[0]: cluster "prodd" does not exist (did you mean "prod"?)',
      ]),
    );
    for (const d of r.errors) {
      expect(d.file).toMatch(/fleet\.yaml$/);
      expect(d.line).toBeGreaterThan(0);
      expect(d.column).toBeGreaterThan(0);
    }
  });

  it("explains an unquoted version and still checks references", () => {
    const text = JSON.stringify(baseFleet()).replace('"1.31"', "1.30");
    const r = loadDraft(text);
    expect(r.errors[0]).toMatchObject({ path: "spec.clusters[0].kubernetesVersion", code: "invalid-type" });
    expect(r.errors[0]!.expected).toMatch(/unquoted 1\.30 is read by YAML as the number 1\.3/);
  });

  it("requires an API endpoint with several control-plane nodes", () => {
    const f = baseFleet();
    setIn(f, ["spec", "clusters", 0, "controlPlane", "endpoint"], undefined);
    const r = loadDraft(f);
    expect(r.errors.map((d) => d.message)).toEqual([expect.stringMatching(/3 control-plane nodes but no `endpoint`/)]);
  });

  it("reports missing workload paths at the path field", () => {
    const f = baseFleet();
    f.spec["workloads"] = [{ path: "./nope" }];
    const r = loadDraft(f);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ path: "spec.workloads[0].path", line: expect.any(Number) });
    expect(r.errors[0]!.message).toMatch(/no such file or directory/);
  });

  it("locates YAML syntax errors and manifest problems in workload files", () => {
    const f = baseFleet();
    f.spec["workloads"] = [{ path: "./k8s" }];
    const r = loadDraft(f, {
      "k8s/bad.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  name: b\n",
      "k8s/nokind.yaml": "apiVersion: v1\nmetadata: {name: x}\n",
      "k8s/tabs.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n\tname: t\n",
    });
    const byFile = Object.fromEntries(r.errors.map((d) => [d.file!.split("/").pop(), d]));
    expect(byFile["bad.yaml"]).toMatchObject({ line: 5, code: "yaml-syntax" });
    expect(byFile["bad.yaml"]!.suggestion).toMatch(/duplicate/);
    expect(byFile["nokind.yaml"]).toMatchObject({ line: 1, code: "missing-field" });
    expect(byFile["tabs.yaml"]).toMatchObject({ line: 4, code: "yaml-syntax" });
  });

  it("rejects manifests next to several fleets, naming the files", () => {
    const dir = mkdtempSync(join(tmpdir(), "hactl-"));
    writeFileSync(join(dir, "a.yaml"), JSON.stringify(baseFleet("a")));
    writeFileSync(join(dir, "b.yaml"), JSON.stringify(baseFleet("b")));
    writeFileSync(join(dir, "web.yaml"), deployment("web"));
    const r = loadInputs([dir], { cwd: dir });
    expect(r.diagnostics.find((d) => d.code === "ambiguous-manifests")?.message).toMatch(/web\.yaml/);
  });

  it("names unknown hactl kinds with a suggestion", () => {
    const r = loadInputs(["-"], { readStdin: () => "apiVersion: hactl.dev/v1alpha1\nkind: Fleets\nmetadata: {name: x}\n" });
    expect(r.diagnostics[0]).toMatchObject({ code: "unknown-kind", line: 2, suggestion: 'did you mean "Fleet"?' });
  });

  it("reports a missing file and an empty glob", () => {
    const r = loadInputs(["does-not-exist.yaml", "nothing/*.yaml"], { cwd: tmpdir() });
    expect(r.diagnostics.map((d) => d.code)).toEqual(["not-found", "no-match"]);
  });
});
