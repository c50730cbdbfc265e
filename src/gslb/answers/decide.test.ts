import { describe, expect, it } from "vitest";
import { compile, gslbDoc, type HostSpec } from "../../../test/gslb/fixtures.js";
import { TYPE } from "../dns/wire.js";
import { decide, type TargetView } from "./decide.js";

function setup(host: Omit<HostSpec, "name">, gslb: Record<string, unknown> = {}) {
  const config = compile(gslbDoc([{ name: "app.gslb.test", ttl: "60s", ...host }], gslb));
  const h = config.hostnames[0]!;
  /** `down`: clusters whose addresses are all down; `states` per cluster overrides. */
  const views = (down: string[] = [], over: Record<string, Partial<TargetView>> = {}): TargetView[] =>
    h.targets.map((t) => ({
      target: t,
      upAddresses: new Set(down.includes(t.cluster) ? [] : t.addresses),
      phase: "active",
      share: 1,
      degraded: down.includes(t.cluster),
      nextChangeMs: down.includes(t.cluster) ? 20_000 : Infinity,
      ...over[t.cluster],
    }));
  const ctx = { minTtl: config.minTtl, geo: config.geo, rampStepS: 6 };
  return { h, views, ctx, config };
}

const targets = [
  { cluster: "fra", addresses: ["192.0.2.1", "2001:db8::1"], priority: 0 },
  { cluster: "ams", addresses: ["192.0.2.2"], priority: 1 },
  { cluster: "lon", addresses: ["192.0.2.3"], priority: 1 },
];

describe("decide", () => {
  it("failover answers the first priority group with a healthy target, and explains skipping", () => {
    const { h, views, ctx } = setup({ strategy: "failover", targets });
    const ok = decide(h, views(), TYPE.A, undefined, ctx);
    expect(ok.choices).toEqual([{ weight: 1, addresses: ["192.0.2.1"], targets: ["app.gslb.test/fra"] }]);
    expect(ok.ttl).toBe(60);
    const failed = decide(h, views(["fra"]), TYPE.A, undefined, ctx);
    expect(failed.choices[0]!.addresses).toEqual(["192.0.2.2", "192.0.2.3"]);
    expect(failed.rule).toContain("priority 0 has no healthy target (fra)");
    // Degraded: TTL = time to the next possible change (20 s), not the configured 60 s.
    expect(failed.ttl).toBe(20);
  });

  it("answers AAAA only from IPv6 addresses and NODATA when no target has any", () => {
    const { h, views, ctx } = setup({ strategy: "failover", targets });
    expect(decide(h, views(), TYPE.AAAA, undefined, ctx).choices[0]!.addresses).toEqual(["2001:db8::1"]);
    const v6down = decide(h, views(["fra"]), TYPE.AAAA, undefined, ctx);
    expect(v6down.choices[0]!.addresses).toEqual(["2001:db8::1"]); // all down → all (Route 53)
    const { h: h2, views: v2, ctx: c2 } = setup({ targets: [{ cluster: "fra", addresses: ["192.0.2.1"] }] });
    expect(decide(h2, v2(), TYPE.AAAA, undefined, c2).nodata).toBe(true);
  });

  it("applies the all-down policy: all, none, fallback", () => {
    const all = setup({ allDown: "all", targets });
    expect(decide(all.h, all.views(["fra", "ams", "lon"]), TYPE.A, undefined, all.ctx).choices[0]!.addresses).toEqual(["192.0.2.1", "192.0.2.2", "192.0.2.3"]);
    const none = setup({ allDown: "none", targets });
    expect(decide(none.h, none.views(["fra", "ams", "lon"]), TYPE.A, undefined, none.ctx).nodata).toBe(true);
    const fb = setup({ allDown: "fallback", fallback: ["198.51.100.5"], targets });
    const p = decide(fb.h, fb.views(["fra", "ams", "lon"]), TYPE.A, undefined, fb.ctx);
    expect(p.choices[0]!.addresses).toEqual(["198.51.100.5"]);
    expect(p.rule).toContain("allDown: fallback");
  });

  it("weighted gives one target per choice with its weight", () => {
    const { h, views, ctx } = setup({ strategy: "weighted", targets: [{ cluster: "fra", addresses: ["192.0.2.1"], weight: 3 }, { cluster: "ams", addresses: ["192.0.2.2"], weight: 1 }] });
    const p = decide(h, views(), TYPE.A, undefined, ctx);
    expect(p.choices.map((c) => [c.addresses, c.weight])).toEqual([[["192.0.2.1"], 3], [["192.0.2.2"], 1]]);
    expect(p.rule).toContain("fra 75%");
  });

  it("geo answers the client's region, then the nearest healthy one", () => {
    const geo = { regions: { eu: ["10.1.0.0/16"], us: ["10.2.0.0/16"], ap: ["10.3.0.0/16"] }, order: { ap: ["us", "eu"] } };
    const { h, views, ctx } = setup(
      { strategy: "geo", targets: [{ cluster: "fra", addresses: ["192.0.2.1"], region: "eu" }, { cluster: "nyc", addresses: ["192.0.2.2"], region: "us" }, { cluster: "sgp", addresses: ["192.0.2.3"], region: "ap" }] },
      { geo },
    );
    expect(decide(h, views(), TYPE.A, "eu", ctx).choices[0]!.addresses).toEqual(["192.0.2.1"]);
    const apDown = decide(h, views(["sgp"]), TYPE.A, "ap", ctx);
    expect(apDown.choices[0]!.addresses).toEqual(["192.0.2.2"]);
    expect(apDown.rule).toContain("nearest healthy region us");
    expect(decide(h, views(), TYPE.A, undefined, ctx).choices[0]!.addresses).toHaveLength(3);
  });

  it("drain lowers the TTL first, then withdraws; a ramping target gets its share", () => {
    const { h, views, ctx } = setup({ strategy: "failover", targets });
    const lowering = decide(h, views([], { fra: { phase: "lowering" } }), TYPE.A, undefined, ctx);
    expect(lowering.choices[0]!.addresses).toEqual(["192.0.2.1"]);
    expect(lowering.ttl).toBe(1);
    const drained = decide(h, views([], { fra: { phase: "drained", share: 0 } }), TYPE.A, undefined, ctx);
    expect(drained.choices[0]!.targets).toEqual(["app.gslb.test/ams", "app.gslb.test/lon"]);
    const ramp = decide(h, views([], { fra: { phase: "ramping", share: 0.3 } }), TYPE.A, undefined, ctx);
    expect(ramp.choices.map((c) => [c.targets.map((t) => t.split("/")[1]), Math.round(c.weight * 10) / 10])).toEqual([
      [["fra"], 0.3],
      [["ams", "lon"], 0.7],
    ]);
    expect(ramp.ttl).toBe(6);
  });
});
