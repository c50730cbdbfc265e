import { describe, expect, it } from "vitest";
import { k8s, makeCluster, makeNode, makePod } from "../../testing/builders.js";
import { createTwin } from "../../twin.js";

const pc = (name: string, value: number, extra: Record<string, unknown> = {}) => k8s("PriorityClass", name, undefined, { value, ...extra });

describe("DefaultPreemption", () => {
  it("evicts lower-priority pods to place a higher-priority one", () => {
    const low = makePod("batch").label("app", "batch").req({ cpu: "3" }).set("priorityClassName", "low").deployment(2);
    const high = makePod("api").label("app", "api").req({ cpu: "3" }).set("priorityClassName", "high").obj();
    const twin = createTwin(makeCluster([makeNode("n1").zone("a"), makeNode("n2").zone("a")], [pc("low", 10), pc("high", 1000), low]));
    twin.placeAll();
    expect(twin.pending()).toEqual([]);
    const r = twin.addPod({ name: "api", labels: { app: "api" }, spec: high.body["spec"] as Record<string, unknown> });
    expect(r.node).toBeDefined();
    expect(r.preempted).toHaveLength(1);
    // The victim's ReplicaSet recreates it; there is no room left, and it cannot preempt the higher pod.
    const pending = twin.pending();
    expect(pending).toHaveLength(1);
    expect(pending[0]!.workload).toBe("Deployment/default/batch");
    expect(pending[0]!.event).toBe("0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.");
  });

  it("preemptionPolicy: Never does not preempt", () => {
    const twin = createTwin(makeCluster([makeNode("n1").zone("a")], [pc("low", 10), pc("never", 1000, { preemptionPolicy: "Never" }), makePod("batch").req({ cpu: "3" }).set("priorityClassName", "low").deployment(1)]));
    twin.placeAll();
    const r = twin.addPod({ name: "api", spec: { priorityClassName: "never", containers: [{ name: "c", resources: { requests: { cpu: "3" } } }] } });
    expect(r.pending?.event).toBe("0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.");
  });

  it("higher priority pods are queued first", () => {
    const twin = createTwin(makeCluster([makeNode("n1").zone("a")], [pc("low", 10), pc("high", 1000), makePod("a").req({ cpu: "3" }).set("priorityClassName", "low").obj(), makePod("b").req({ cpu: "3" }).set("priorityClassName", "high").obj()]));
    twin.placeAll();
    expect(twin.pod("default/b")!.phase).toBe("Running");
    expect(twin.pod("default/a")!.phase).toBe("Pending");
  });

  it("nodes rejected as unresolvable are 'not helpful'", () => {
    const twin = createTwin(makeCluster([makeNode("n1").zone("a").taint("x", "y", "NoSchedule")], [makePod("a").obj()]));
    twin.placeAll();
    expect(twin.pending()[0]!.event).toBe("0/1 nodes are available: 1 node(s) had untolerated taint {x: y}. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.");
  });
});
