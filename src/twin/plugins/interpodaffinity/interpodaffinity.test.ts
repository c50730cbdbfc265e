import { describe, expect, it } from "vitest";
import { HOSTNAME, ZONE, k8s, makeCluster, makeNode, makeNodes, makePod } from "../../testing/builders.js";
import { evaluate, on } from "../../testing/harness.js";
import { createTwin } from "../../twin.js";

const nodes = () => [makeNode("n1").zone("a"), makeNode("n2").zone("a"), makeNode("n3").zone("b")];

describe("InterPodAffinity filter", () => {
  it.each([
    { name: "required affinity: only where a matching pod runs (zone)", pod: makePod("p").podAffinity({ app: "db" }, ZONE), feasible: ["n1", "n2"], reason: "node(s) didn't match pod affinity rules" },
    { name: "required affinity: hostname", pod: makePod("p").podAffinity({ app: "db" }, HOSTNAME), feasible: ["n1"], reason: "node(s) didn't match pod affinity rules" },
    { name: "required anti-affinity: not in a domain with a matching pod", pod: makePod("p").podAntiAffinity({ app: "db" }, ZONE), feasible: ["n3"], reason: "node(s) didn't match pod anti-affinity rules" },
    { name: "anti-affinity in another namespace only counts that namespace", pod: makePod("p").podAntiAffinity({ app: "db" }, ZONE, { namespaces: ["other"] }), feasible: ["n1", "n2", "n3"], reason: "" },
    { name: "namespaceSelector {} counts every namespace", pod: makePod("p").ns("other").podAntiAffinity({ app: "db" }, ZONE, { namespaceSelector: {} }), feasible: ["n3"], reason: "node(s) didn't match pod anti-affinity rules" },
  ])("$name", ({ pod, feasible, reason }) => {
    const r = evaluate(nodes(), [on(makePod("db").label("app", "db"), "n1")], pod);
    expect(r.feasible).toEqual(feasible);
    for (const n of ["n1", "n2", "n3"].filter((x) => !feasible.includes(x))) expect(r.filter[n]).toBe(reason);
  });

  it("existing pods' required anti-affinity is symmetric", () => {
    const guard = on(makePod("guard").label("app", "guard").podAntiAffinity({ app: "web" }, HOSTNAME), "n1");
    const r = evaluate(nodes(), [guard], makePod("web").label("app", "web"));
    expect(r.filter["n1"]).toBe("node(s) didn't satisfy existing pods anti-affinity rules");
    expect(r.feasible).toEqual(["n2", "n3"]);
  });

  it("the first pod of a self-affine group may go anywhere", () => {
    const r = evaluate(nodes(), [], makePod("p").label("app", "cache").podAffinity({ app: "cache" }, ZONE));
    expect(r.feasible).toHaveLength(3);
    // Not when it does not match its own terms.
    expect(evaluate(nodes(), [], makePod("p").label("app", "other").podAffinity({ app: "cache" }, ZONE)).message).toBe("0/3 nodes are available: 3 node(s) didn't match pod affinity rules.");
  });

  it("a namespaceSelector selects namespaces by label", () => {
    const ns = k8s("Namespace", "team-a", undefined, {}, { team: "a" });
    const r = evaluate(nodes(), [on(makePod("db").ns("team-a").label("app", "db"), "n1")], makePod("p").podAntiAffinity({ app: "db" }, ZONE, { namespaceSelector: { matchLabels: { team: "a" } } }), [ns]);
    expect(r.feasible).toEqual(["n3"]);
  });
});

describe("InterPodAffinity: documented co-location example (assign-pod-node)", () => {
  it("redis-cache and web-store end up one of each per node", () => {
    const redis = makePod("redis-cache").label("app", "store").podAntiAffinity({ app: "store" }, HOSTNAME).deployment(3);
    const web = makePod("web-server").label("app", "web-store").podAntiAffinity({ app: "web-store" }, HOSTNAME).podAffinity({ app: "store" }, HOSTNAME).deployment(3);
    const twin = createTwin(makeCluster(makeNodes(3, ["a"]), [redis, web]));
    twin.placeAll();
    expect(twin.pending()).toEqual([]);
    const byNode = new Map<string, string[]>();
    for (const p of twin.pods()) byNode.set(p.node!, [...(byNode.get(p.node!) ?? []), p.workload.split("/")[2]!]);
    for (const list of byNode.values()) expect(list.sort()).toEqual(["redis-cache", "web-server"]);
  });
});

describe("InterPodAffinity score", () => {
  it("preferred affinity pulls, preferred anti-affinity pushes", () => {
    const existing = [on(makePod("db").label("app", "db"), "n1")];
    expect(evaluate(nodes(), existing, makePod("p").preferredPodAffinity(100, { app: "db" }, ZONE)).scores["n1"]!["InterPodAffinity"]).toBe(100);
    const anti = evaluate(nodes(), existing, makePod("p").preferredPodAntiAffinity(100, { app: "db" }, ZONE));
    expect(anti.scores["n3"]!["InterPodAffinity"]).toBe(100);
    expect(anti.scores["n1"]!["InterPodAffinity"]).toBe(0);
  });

  it("existing pods' required affinity attracts matching pods (hard weight 1)", () => {
    const existing = [on(makePod("client").label("app", "client").podAffinity({ app: "server" }, ZONE), "n3")];
    const r = evaluate(nodes(), existing, makePod("server").label("app", "server"));
    expect(r.scores["n3"]!["InterPodAffinity"]).toBe(100);
    expect(r.scores["n1"]!["InterPodAffinity"]).toBe(0);
  });
});
