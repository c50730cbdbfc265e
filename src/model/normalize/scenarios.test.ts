import { describe, expect, it } from "vitest";
import { baseFleet, loadDraft, loadValid } from "../testing.js";

const withScenarios = (scenarios: unknown[]) => {
  const f = baseFleet();
  f.spec["scenarios"] = scenarios;
  return f;
};

describe("spec.scenarios normalisation", () => {
  it("resolves every target kind and sorts steps by time", () => {
    const fleet = loadValid(
      withScenarios([
        {
          name: "mixed",
          steps: [
            { at: "2m", fail: { etcdMember: "cp-2" } },
            { at: "0s", fail: { node: "workers-1" } },
            { at: "1m", fail: { shutdown: "workers-2", gracePeriod: "45s" } },
            { at: "3m", fail: { endpoint: "prod", instances: 5 } },
            { at: "4m", fail: { partition: [["a"], ["b", "control-plane"]] } },
            { at: "5m", fail: { latency: { between: ["a", "b"], rtt: "80ms" } } },
            { at: "10m", outOfService: "workers-1" },
            { at: "20m", recover: { zone: "a" } },
          ],
        },
      ]),
    );
    const s = fleet.scenarios[0]!;
    expect(s.steps.map((x) => [x.atMs, x.action, x.target.kind])).toEqual([
      [0, "fail", "node"],
      [60_000, "fail", "shutdown"],
      [120_000, "fail", "etcd-member"],
      [180_000, "fail", "endpoint"],
      [240_000, "fail", "partition"],
      [300_000, "fail", "latency"],
      [600_000, "out-of-service", "node"],
      [1_200_000, "recover", "zone"],
    ]);
    expect(s.steps[1]!.target).toEqual({ kind: "shutdown", cluster: "prod", node: "workers-2", gracePeriodMs: 45_000 });
    // A stacked member is named after its control-plane node.
    expect(s.steps[2]!.target).toEqual({ kind: "etcd-member", cluster: "prod", member: "cp-2" });
    // kube-vip on 3 control-plane nodes: at most 3 instances can fail.
    expect(s.steps[3]!.target).toEqual({ kind: "endpoint", cluster: "prod", instances: 3 });
    expect(s.steps[5]!.target).toEqual({ kind: "latency", between: ["a", "b"], rttMs: 80 });
  });

  it("reports unknown names with the nearest known one, and steps that fail two things", () => {
    const r = loadDraft(
      withScenarios([
        { name: "typo", steps: [{ fail: { node: "workers-7" } }, { fail: { zone: "a", site: "dc1" } }, { fail: { node: "cp-1" }, outOfService: "cp-1" }] },
      ]),
    );
    const errors = r.errors.map((e) => [e.path, e.code, e.message]);
    expect(errors).toContainEqual(["spec.scenarios[0].steps[0].fail.node", "unresolved-reference", 'node "workers-7" does not exist']);
    expect(errors).toContainEqual(["spec.scenarios[0].steps[1].fail.site", "conflict", "a step fails one thing, got zone and site"]);
    expect(errors).toContainEqual(["spec.scenarios[0].steps[2]", "conflict", "a step does one thing, got fail and outOfService"]);
    expect(r.errors.find((e) => e.message.includes("workers-7"))?.suggestion).toMatch(/workers-1/);
  });

  it("rejects a gslbTarget whose cluster is not a target of the hostname", () => {
    const f = withScenarios([{ name: "t", steps: [{ fail: { gslbTarget: "shop.example.com/nowhere" } }] }]);
    f.spec["traffic"] = { hostnames: [{ name: "shop.example.com", targets: [{ cluster: "prod", addresses: ["192.0.2.1"] }] }] };
    const r = loadDraft(f);
    expect(r.errors.map((e) => e.message)).toEqual(['target of shop.example.com "nowhere" does not exist']);
  });
});
