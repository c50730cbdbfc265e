import { describe, expect, it } from "vitest";
import { baseFleet, fullFleet, loadValid, setIn } from "../model/testing.js";
import { assessFleet } from "./index.js";

describe("assessFleet", () => {
  it("grades a clean fleet A with every objective met", () => {
    const card = assessFleet(loadValid(baseFleet()));
    expect(card.grade).toBe("A");
    // One site without required geo-redundancy: check states what a site loss costs (info, −1).
    expect(card.problems.map((p) => `${p.severity} ${p.code}`)).toEqual(["info site-loss-exposure"]);
    expect(card.score).toBe(99);
    expect(card.architecture).toMatchObject({ described: "multi-zone", recommended: "multi-zone", matches: true });
    expect(card.objectives.map((o) => `${o.objective}:${o.status}`)).toEqual(["RTO:met", "RPO:met", "budget:met"]);
  });

  it("caps the grade at D when a critical problem is found, and lists its fix first", () => {
    const f = baseFleet();
    setIn(f, ["spec", "objectives", "geoRedundancy"], "required");
    const card = assessFleet(loadValid(f));
    // plan's geo-single-site is covered by check's rule of the same id: counted once, from check.
    expect(card.problems.filter((p) => p.severity === "critical").map((p) => `${p.engine} ${p.code}`).sort()).toEqual(["check geo-single-site", "plan architecture-mismatch"]);
    expect(card.grade).toBe("D");
    expect(card.objectives.find((o) => o.objective === "geo-redundancy")).toMatchObject({ status: "missed", expected: "does not survive a site loss" });
    expect(card.actions.length).toBeGreaterThan(0);
    expect(card.problems[0]!.severity).toBe("critical");
  });

  it("keeps plan deviations that no check rule reports", () => {
    const f = fullFleet();
    delete f.spec["traffic"];
    const codes = assessFleet(loadValid(f)).problems.map((p) => `${p.engine} ${p.code}`);
    expect(codes).toContain("plan multi-cluster-no-traffic");
  });

  it("takes a data service's RTO and RPO from the drill sweep, with the failure that decides them", () => {
    const f = fullFleet();
    setIn(f, ["spec", "objectives", "services"], [{ name: "orders-db", rpo: "0", rto: "1m" }]);
    const rows = (card: ReturnType<typeof assessFleet>) => card.objectives.filter((o) => o.scope === "orders-db").map((o) => `${o.objective} ${o.expected} ${o.status}`);
    // The synchronous replica is in the same site: under required geo-redundancy a site loss leaves only the async copy in dr.
    expect(rows(assessFleet(loadValid(f)))).toEqual(["RTO 40s (zone/a) met", "RPO 5s (site/dc1) missed"]);
    setIn(f, ["spec", "objectives", "geoRedundancy"], "none");
    expect(rows(assessFleet(loadValid(f)))).toEqual(["RTO 40s (zone/a) met", "RPO 0s (zone/a) met"]);
    setIn(f, ["spec", "dataServices", 0, "replicas"], [{ cluster: "dr", mode: "async", lag: "5s" }]);
    const asyncCard = assessFleet(loadValid(f));
    expect(rows(asyncCard)).toEqual(["RTO 40s (zone/a) met", "RPO 5s (zone/a) missed"]);
    expect(asyncCard.problems.find((p) => p.engine === "drill")?.message).toBe("orders-db misses its objective: RPO 5s when zone/a (objective 0s)");
    setIn(f, ["spec", "dataServices", 0, "replicas"], []);
    expect(rows(assessFleet(loadValid(f)))[1]).toBe("RPO 1h10m (zone/a) missed");
  });

  it("falls back to static estimates without the drill", () => {
    const f = fullFleet();
    setIn(f, ["spec", "objectives", "services"], [{ name: "orders-db", rpo: "0", rto: "1m" }]);
    setIn(f, ["spec", "dataServices", 0, "replicas"], [{ cluster: "dr", mode: "async", lag: "5s" }]);
    const card = assessFleet(loadValid(f), [], { drill: false });
    expect(card.drill).toBeUndefined();
    expect(card.objectives.filter((o) => o.scope === "orders-db").map((o) => `${o.objective} ${o.expected} ${o.status}`)).toEqual([
      "RTO 40s (automatic failover) met",
      "RPO ≤ 5s (async lag) at-risk",
    ]);
  });
});
