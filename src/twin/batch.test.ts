import { describe, expect, it } from "vitest";
import { ZONE, makeCluster, makeNodes, makePod } from "./testing/builders.js";
import { createTwin, TAINT_UNREACHABLE } from "./twin.js";

// The queries and batch operations the drill uses: pods of one node, replacements created Pending and
// scheduled as one batch.
const cluster = () =>
  makeCluster(makeNodes(6, ["a", "b", "c"]), [
    makePod("web").label("app", "web").req({ cpu: "500m" }).spread(1, ZONE).deployment(6),
    makePod("api").label("app", "api").req({ cpu: "250m" }).deployment(4),
  ]);

describe("twin: batch operations for drills", () => {
  it("podsOn lists exactly the pods bound to one node", () => {
    const t = createTwin(cluster());
    t.placeAll();
    for (const n of t.nodes()) {
      const on = t.podsOn(n.name).map((p) => p.ref).sort();
      expect(on).toEqual(t.pods().filter((p) => p.node === n.name).map((p) => p.ref).sort());
      expect(on.length).toBe(n.pods);
    }
    expect(() => t.podsOn("nope")).toThrow(/no node "nope"/);
  });

  it("briefs carry what pod() carries minus requests and zone", () => {
    const t = createTwin(cluster());
    t.placeAll();
    const node = t.nodes()[0]!.name;
    const strip = (v: { ref: string; name: string; workload: string; phase: string; node?: string }) => ({ ref: v.ref, name: v.name, workload: v.workload, phase: v.phase, node: v.node });
    expect(t.podBriefsOn(node)).toEqual(t.podsOn(node).map(strip));
    const ref = t.podsOn(node)[0]!.ref;
    expect(t.podBrief(ref)).toEqual(strip(t.pod(ref)!));
    expect(t.podBrief("default/none")).toBeUndefined();
  });

  it("evict with schedule: false leaves the replacement Pending; scheduleMany places the batch like one-by-one eviction", () => {
    const batch = createTwin(cluster(), { seed: 3 });
    const single = createTwin(cluster(), { seed: 3 });
    batch.placeAll();
    single.placeAll();
    const node = batch.nodes()[0]!.name;
    const victims = batch.podsOn(node).map((p) => p.ref);
    batch.setNotReady(node, { noExecute: false });
    single.setNotReady(node, { noExecute: false });
    const created = victims.map((ref) => batch.evict(ref, { schedule: false })!);
    expect(created.every((r) => r.node === undefined)).toBe(true);
    expect(batch.pending().map((p) => p.ref).sort()).toEqual(created.map((r) => r.pod).sort());
    const r = batch.scheduleMany(created.map((c) => c.pod));
    const one = victims.map((ref) => single.evict(ref)!);
    expect(r.results.map((x) => [x.pod, x.node])).toEqual(one.map((x) => [x.pod, x.node]));
    expect(r.pending).toBe(0);
    expect(batch.pods().filter((p) => p.phase === "Terminating").map((p) => p.ref).sort()).toEqual([...victims].sort());
  });

  it("scheduleMany reports what stays Pending and ignores pods that are not Pending", () => {
    const t = createTwin(makeCluster(makeNodes(3, ["a", "b", "c"]), [makePod("web").label("app", "web").spread(1, ZONE).deployment(3)]));
    t.placeAll();
    const node = t.nodes().find((n) => n.zone === "a")!.name;
    const d = t.setNotReady(node);
    expect(d.tolerating).toHaveLength(1);
    const rep = t.evict(d.tolerating[0]!.pod, { schedule: false })!;
    const bound = t.pods().find((p) => p.phase === "Running")!.ref;
    const r = t.scheduleMany([rep.pod, bound, "default/missing"]);
    // The dead zone still counts as a spreading domain with 0 pods: the replacement cannot go to b or c.
    expect(r).toMatchObject({ scheduled: 0, pending: 1 });
    expect(t.pending()[0]!.message).toContain(`untolerated taint {${TAINT_UNREACHABLE}: }`);
    expect(r.unschedulable).toEqual(t.pending());
  });

  it("deletePod with schedule: false leaves a StatefulSet's new pod Pending for scheduleMany", () => {
    const t = createTwin(makeCluster(makeNodes(3, ["a", "b", "c"]), [makePod("db").label("app", "db").statefulSet(1)]));
    t.placeAll();
    const node = t.pod("default/db-0")!.node!;
    t.setNotReady(node);
    t.evict("default/db-0");
    const d = t.deletePod("default/db-0", { retryPending: false, schedule: false });
    expect(d.replacements).toEqual([{ pod: "default/db-0" }]);
    expect(t.pod("default/db-0")!.phase).toBe("Pending");
    expect(t.scheduleMany(["default/db-0"]).results[0]!.node).not.toBe(node);
  });

  it("restore undoes a batch exactly", () => {
    const t = createTwin(cluster());
    t.placeAll();
    const before = JSON.stringify(t.pods());
    const s = t.snapshot();
    const node = t.nodes()[2]!.name;
    t.setNotReady(node, { noExecute: false });
    t.scheduleMany(t.podsOn(node).map((p) => t.evict(p.ref, { schedule: false })!.pod));
    t.restore(s);
    t.release(s);
    expect(JSON.stringify(t.pods())).toBe(before);
  });
});
