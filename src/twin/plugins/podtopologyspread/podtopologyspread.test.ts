import { describe, expect, it } from "vitest";
import { HOSTNAME, ZONE, makeCluster, makeNode, makeNodes, makePod } from "../../testing/builders.js";
import { evaluate, on } from "../../testing/harness.js";
import { createTwin } from "../../twin.js";

const SKEW = "node(s) didn't match pod topology spread constraints";
const fourNodes = () => [makeNode("node1").zone("zoneA"), makeNode("node2").zone("zoneA"), makeNode("node3").zone("zoneB"), makeNode("node4").zone("zoneB")];
const foo = (name: string) => makePod(name).label("foo", "bar");

// kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/ — the documented examples.
describe("PodTopologySpread: documented examples", () => {
  const existing = () => [on(foo("p1"), "node1"), on(foo("p2"), "node2"), on(foo("p3"), "node3")];

  it("one constraint: 3 pods in zoneA(2)/zoneB(1), the 4th must go to zoneB", () => {
    const r = evaluate(fourNodes(), existing(), foo("mypod").spread(1, ZONE));
    expect(r.feasible).toEqual(["node3", "node4"]);
    expect(r.filter["node1"]).toBe(SKEW);
  });

  it("two constraints (zone and node): only node4 satisfies both", () => {
    const r = evaluate(fourNodes(), existing(), foo("mypod").spread(1, ZONE).spread(1, HOSTNAME));
    expect(r.feasible).toEqual(["node4"]);
    expect(r.selected).toBe("node4");
  });

  it("conflicting constraints leave the pod Pending", () => {
    const nodes = [makeNode("node1").zone("zoneA"), makeNode("node2").zone("zoneB"), makeNode("node3").zone("zoneB"), makeNode("node4").zone("zoneB")];
    const pods = [on(foo("p1"), "node1"), on(foo("p2"), "node1"), on(foo("p3"), "node2"), on(foo("p4"), "node3"), on(foo("p5"), "node4")];
    const r = evaluate(nodes, pods, foo("mypod").spread(1, ZONE).spread(1, HOSTNAME));
    expect(r.message).toBe("0/4 nodes are available: 4 node(s) didn't match pod topology spread constraints.");
  });

  it("node affinity excludes a zone from the global minimum (nodeAffinityPolicy: Honor)", () => {
    const nodes = [...fourNodes(), makeNode("node5").zone("zoneC")];
    const pods = [on(foo("p1"), "node1"), on(foo("p2"), "node2"), on(foo("p3"), "node3")];
    const withAffinity = evaluate(nodes, pods, foo("mypod").spread(1, ZONE).set("affinity", { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: ZONE, operator: "NotIn", values: ["zoneC"] }] }] } } }));
    expect(withAffinity.feasible).toEqual(["node3", "node4"]);
    // Without it zoneC (0 pods) is the minimum: only zoneC fits.
    expect(evaluate(nodes, pods, foo("mypod").spread(1, ZONE)).feasible).toEqual(["node5"]);
    // nodeAffinityPolicy: Ignore counts zoneC again, so affinity leaves nothing.
    expect(evaluate(nodes, pods, foo("mypod").spread(1, ZONE, { nodeAffinityPolicy: "Ignore" }).nodeAffinityIn(ZONE, ["zoneA", "zoneB"])).feasible).toEqual([]);
  });
});

describe("PodTopologySpread filter semantics", () => {
  it("minDomains: with fewer eligible domains the global minimum is 0", () => {
    const objs = [foo("web").spread(1, ZONE, { minDomains: 3 }).deployment(3)];
    const twin = createTwin(makeCluster(makeNodes(4, ["a", "b"]), objs));
    twin.placeAll();
    const pending = twin.pending();
    expect(pending).toHaveLength(1);
    expect(pending[0]!.message).toBe("0/4 nodes are available: 4 node(s) didn't match pod topology spread constraints.");
  });

  it("a node without the topology key is unresolvable (missing required label)", () => {
    const r = evaluate([makeNode("n1").zone("a"), makeNode("n2")], [], foo("p").spread(1, "rack"));
    expect(r.filter["n1"]).toBe("node(s) didn't match pod topology spread constraints (missing required label)");
  });

  it("only pods in the pod's namespace count", () => {
    const r = evaluate(fourNodes(), [on(foo("o1").ns("other"), "node1"), on(foo("o2").ns("other"), "node2")], foo("mypod").spread(1, ZONE));
    expect(r.feasible).toHaveLength(4);
  });

  it("matchLabelKeys ANDs the pod's own values into the selector", () => {
    const existing = [on(foo("old1").label("pod-template-hash", "v1"), "node1"), on(foo("old2").label("pod-template-hash", "v1"), "node2")];
    const withKeys = evaluate(fourNodes(), existing, foo("new").label("pod-template-hash", "v2").spread(1, ZONE, { selector: { foo: "bar" }, matchLabelKeys: ["pod-template-hash"] }));
    expect(withKeys.feasible).toHaveLength(4);
    const without = evaluate(fourNodes(), existing, foo("new").label("pod-template-hash", "v2").spread(1, ZONE, { selector: { foo: "bar" } }));
    expect(without.feasible).toEqual(["node3", "node4"]);
  });

  it("nodeTaintsPolicy: Ignore (default) counts tainted nodes' domains; Honor drops them", () => {
    const nodes = [makeNode("a1").zone("a"), makeNode("b1").zone("b"), makeNode("c1").zone("c").taint("maintenance", "x", "NoSchedule")];
    const pods = [on(foo("p1"), "a1"), on(foo("p2"), "b1")];
    expect(evaluate(nodes, pods, foo("x").spread(1, ZONE)).message).toBe(
      "0/3 nodes are available: 1 node(s) had untolerated taint {maintenance: x}, 2 node(s) didn't match pod topology spread constraints.",
    );
    expect(evaluate(nodes, pods, foo("x").spread(1, ZONE, { nodeTaintsPolicy: "Honor" })).feasible).toEqual(["a1", "b1"]);
  });

  it("terminating pods are not counted", () => {
    const twin = createTwin(makeCluster(fourNodes(), [on(foo("p1"), "node1"), on(foo("p2"), "node2")]));
    twin.placeAll();
    twin.setNotReady("node1", { noExecute: false });
    twin.evict("default/p1");
    twin.setReady("node1");
    twin.addPod({ name: "x", labels: { foo: "bar" }, spec: { containers: [{ name: "c" }], topologySpreadConstraints: [{ maxSkew: 1, topologyKey: ZONE, whenUnsatisfiable: "DoNotSchedule", labelSelector: { matchLabels: { foo: "bar" } } }] } }, { schedule: false });
    // zoneA counts 1 live pod (p2), zoneB 0: 1 + 1 − 0 = 2 > 1 in zoneA.
    expect(twin.explain("default/x").filters.filter((f) => f.feasible).map((f) => f.node)).toEqual(["node3", "node4"]);
  });
});

describe("PodTopologySpread score", () => {
  it("ScheduleAnyway prefers the emptier domain without filtering", () => {
    const r = evaluate(fourNodes(), [on(foo("p1"), "node1"), on(foo("p2"), "node2")], foo("x").spread(1, ZONE, { when: "ScheduleAnyway" }));
    expect(r.feasible).toHaveLength(4);
    expect(r.scores["node3"]!["PodTopologySpread"]).toBe(100);
    expect(r.scores["node1"]!["PodTopologySpread"]).toBeLessThan(100);
    expect(["node3", "node4"]).toContain(r.selected);
  });

  it("system defaults spread a Deployment's pods over hosts and zones", () => {
    const twin = createTwin(makeCluster(makeNodes(6, ["a", "b", "c"]), [foo("web").deployment(6)]));
    twin.placeAll();
    const perNode = new Map<string, number>();
    for (const p of twin.pods()) perNode.set(p.node!, (perNode.get(p.node!) ?? 0) + 1);
    expect([...perNode.values()].every((n) => n === 1)).toBe(true);
  });
});
