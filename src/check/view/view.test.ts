import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { deployment, hpa, pdb, service } from "../../../test/check/builders.js";
import type { Node } from "../../model/fleet.js";
import { loadInputs } from "../../model/load/index.js";
import { allowedDisruptions, desiredHealthy, parseIntOrPercent, scaled } from "./disruption.js";
import { buildIndex } from "./index.js";
import { eligibleNodes, nodeAffinityMatches, tolerates } from "./nodes.js";

function index(objs: object[]) {
  const text = objs.map((o) => stringify(o)).join("---\n");
  return buildIndex(loadInputs(["-"], { readStdin: () => text }).objects);
}

describe("CheckIndex", () => {
  it("resolves PDBs, Services and HPAs to workloads by exact selectors and namespaces", () => {
    const ix = index([
      deployment("web").replicas(3).templateLabels({ app: "web", tier: "front" }).obj(),
      deployment("api").replicas(2).templateLabels({ app: "api", tier: "front" }).obj(),
      deployment("web").ns("other").replicas(2).obj(),
      pdb("front", { maxUnavailable: 1, selector: { matchLabels: { tier: "front" }, matchExpressions: [{ key: "app", operator: "NotIn", values: ["api"] }] } }),
      pdb("none", { maxUnavailable: 1 }),
      service("web", { app: "web" }),
      service("headless", undefined),
      hpa("web", { kind: "Deployment", name: "web" }, 2, 6),
    ]);
    const [web, api, otherWeb] = ix.workloads;
    expect(ix.workloads.map((w) => `${w.namespace}/${w.name}`)).toEqual(["default/web", "default/api", "other/web"]);
    expect(ix.pdbsFor(web!).map((p) => p.name)).toEqual(["front"]);
    expect(ix.pdbsFor(api!)).toEqual([]);
    expect(ix.pdbsFor(otherWeb!)).toEqual([]);
    expect(ix.pdbs.find((p) => p.name === "none")!.selectsNothing).toBe(true);
    expect(ix.servicesFor(web!).map((s) => s.metadata.name)).toEqual(["web"]);
    expect(ix.servicesFor(otherWeb!)).toEqual([]);
    expect(ix.hpaFor(web!)?.minReplicas).toBe(2);
    expect(ix.replicaRange(web!)).toEqual({ min: 2, max: 6 });
    expect(ix.replicaRange(api!)).toEqual({ min: 2, max: 2 });
  });

  it("judges owned objects through their controller and knows Argo Rollouts", () => {
    const owned: Record<string, unknown> = { ...deployment("web-abc").obj(), kind: "ReplicaSet" };
    (owned["metadata"] as Record<string, unknown>)["ownerReferences"] = [{ apiVersion: "apps/v1", kind: "Deployment", name: "web", uid: "1", controller: true }];
    const rollout = { ...deployment("canary").obj(), apiVersion: "argoproj.io/v1alpha1", kind: "Rollout" };
    const ix = index([deployment("web").obj(), owned, rollout]);
    expect(ix.workloads.map((w) => `${w.kind}/${w.name}`)).toEqual(["Deployment/web", "Rollout/canary"]);
    expect(ix.workloads[1]!.replicas).toBe(1);
    expect(ix.workloads[1]!.podSpecPath).toEqual(["spec", "template", "spec"]);
  });

  it("matches selectors through the label index exactly like a full scan", () => {
    const labels = fc.dictionary(fc.constantFrom("app", "tier", "team"), fc.constantFrom("a", "b", "c"), { maxKeys: 3 });
    const requirement = fc.record({
      key: fc.constantFrom("app", "tier", "team"),
      operator: fc.constantFrom("In", "NotIn", "Exists", "DoesNotExist"),
      values: fc.array(fc.constantFrom("a", "b", "c"), { minLength: 1, maxLength: 2 }),
    });
    fc.assert(
      fc.property(fc.array(labels, { minLength: 1, maxLength: 6 }), labels, fc.array(requirement, { maxLength: 2 }), (podLabels, matchLabels, exprs) => {
        const matchExpressions = exprs.map((r) => (r.operator === "Exists" || r.operator === "DoesNotExist" ? { key: r.key, operator: r.operator } : r));
        const objs = podLabels.map((l, i) => deployment(`w${i}`).templateLabels(l).obj());
        const ix = index([...objs, pdb("p", { maxUnavailable: 1, selector: { matchLabels, matchExpressions } })]);
        const p = ix.pdbs[0]!;
        const viaIndex = ix.workloadsOfPdb(p).map((w) => w.name);
        const scan = ix.workloads.filter((w) => p.selector.matches(w.template.labels)).map((w) => w.name);
        return JSON.stringify(viaIndex) === JSON.stringify(scan);
      }),
      { numRuns: 200 },
    );
  });
});

describe("PDB arithmetic", () => {
  it("rounds percentages up like the disruption controller", () => {
    expect(desiredHealthy({ minAvailable: { kind: "percent", value: 50 } }, 7)).toBe(4);
    expect(desiredHealthy({ maxUnavailable: { kind: "percent", value: 10 } }, 3)).toBe(2);
    expect(allowedDisruptions({ minAvailable: { kind: "percent", value: 100 } }, 5)).toBe(0);
    expect(allowedDisruptions({ maxUnavailable: { kind: "int", value: 0 } }, 5)).toBe(0);
    expect(allowedDisruptions({}, 5)).toBe(5);
    expect(parseIntOrPercent("25%")).toEqual({ kind: "percent", value: 25 });
    expect(parseIntOrPercent("3")).toEqual({ kind: "int", value: 3 });
    expect(parseIntOrPercent("half")).toBeNull();
    expect(scaled({ kind: "percent", value: 25 }, 3, false)).toBe(0);
  });

  it("never allows more disruptions than pods, nor fewer than zero", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 100 }), fc.boolean(), (pods, v, max) => {
        const b = max ? { maxUnavailable: { kind: "percent" as const, value: v } } : { minAvailable: { kind: "percent" as const, value: v } };
        const a = allowedDisruptions(b, pods);
        return a >= 0 && a <= pods && desiredHealthy(b, pods) + a >= pods;
      }),
    );
  });
});

describe("node filters", () => {
  const node = (name: string, labels: Record<string, string>, taints: Node["taints"] = []): Node =>
    ({ name, cluster: "c", pool: "p", role: "worker", zone: labels["topology.kubernetes.io/zone"] ?? "z", site: "s", region: "r", labels, taints, allocatable: { cpu: 1, memory: 1, pods: 110, extended: {} }, unschedulable: false }) as Node;
  const nodes = [node("a", { "topology.kubernetes.io/zone": "z1", disk: "ssd", gen: "5" }), node("b", { "topology.kubernetes.io/zone": "z2", gen: "3" }, [{ key: "dedicated", value: "db", effect: "NoSchedule" }])];

  it("applies nodeSelector AND required affinity (terms ORed, Gt/Lt numeric, matchFields)", () => {
    const aff = (terms: unknown[]) => ({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } } } });
    expect(nodes.filter((n) => nodeAffinityMatches({ nodeSelector: { disk: "ssd" } }, n)).map((n) => n.name)).toEqual(["a"]);
    expect(nodes.filter((n) => nodeAffinityMatches(aff([{ matchExpressions: [{ key: "gen", operator: "Gt", values: ["4"] }] }, { matchFields: [{ key: "metadata.name", operator: "In", values: ["b"] }] }]), n)).map((n) => n.name)).toEqual(["a", "b"]);
    expect(nodes.filter((n) => nodeAffinityMatches(aff([{ matchExpressions: [{ key: "gen", operator: "Lt", values: ["4"] }] }]), n)).map((n) => n.name)).toEqual(["b"]);
    expect(nodes.filter((n) => nodeAffinityMatches(aff([]), n))).toEqual([]);
  });

  it("filters untolerated NoSchedule taints", () => {
    expect(eligibleNodes({}, nodes).map((n) => n.name)).toEqual(["a"]);
    expect(eligibleNodes({ tolerations: [{ key: "dedicated", operator: "Equal", value: "db", effect: "NoSchedule" }] }, nodes).map((n) => n.name)).toEqual(["a", "b"]);
    expect(eligibleNodes({ tolerations: [{ operator: "Exists" }] }, nodes)).toHaveLength(2);
    expect(tolerates({ key: "dedicated", value: "web" }, { key: "dedicated", value: "db", effect: "NoSchedule" })).toBe(false);
  });
});
