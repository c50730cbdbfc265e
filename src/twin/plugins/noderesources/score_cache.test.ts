import { describe, expect, it } from "vitest";
import { ZONE, makeCluster, makeNodes, makePod } from "../../testing/builders.js";
import { createTwin } from "../../twin.js";

describe("node-local score caches", () => {
  it("give the same placement as scoring from scratch (explain path) for every pod", () => {
    const objs = [1, 2, 3].map((i) => makePod(`w${i}`).label("app", `w${i}`).req({ cpu: `${i * 300}m`, memory: `${i}Gi` }).spread(2, ZONE, { when: "ScheduleAnyway" }).deployment(12));
    const twin = createTwin(makeCluster(makeNodes(9, ["a", "b", "c"], (b) => b.cpu(8)), objs), { seed: 3 });
    for (const p of twin.pods()) {
      const e = twin.explain(p.ref);
      const r = twin.schedule(p.ref);
      expect(r.node).toBe(e.selected);
    }
  });
});
