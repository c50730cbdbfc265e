import { describe, expect, it } from "vitest";
import { deployment, fleet, hpa, statefulSet } from "../../../test/check/builders.js";
import { runRule, testRule } from "../../../test/check/rule-tester.js";
import rule from "./workload-replicas.js";

testRule(rule, {
  valid: [
    { name: "two replicas", objects: [deployment("web").replicas(2).obj()] },
    { name: "an HPA owns the replica count", objects: [deployment("web").replicas(1).obj(), hpa("web", { kind: "Deployment", name: "web" }, 2, 5)] },
    { name: "scaled to zero on purpose", objects: [deployment("web").replicas(0).obj()] },
    { name: "DaemonSets have no replica count", objects: [{ ...deployment("agent").obj(), kind: "DaemonSet" }] },
    { name: "option min 1 accepts a singleton", objects: [deployment("web").replicas(1).obj()], options: { min: 1 } },
    {
      name: "critical service with three replicas",
      objects: [deployment("checkout").replicas(3).obj()],
      fleet: fleet({ objectives: { services: [{ name: "checkout", critical: true }] } }),
    },
  ],
  invalid: [
    {
      name: "replicas 1 written out",
      objects: [deployment("web").replicas(1).obj()],
      findings: [{ messageId: "tooFew", object: "Deployment/web", path: "spec.replicas", message: "runs 1 replica; at least 2", fixable: true }],
    },
    {
      name: "replicas omitted defaults to 1",
      objects: [statefulSet("db").replicas(undefined).obj()],
      findings: [{ object: "StatefulSet/db", path: "spec", message: "runs 1 replica" }],
    },
    {
      name: "HPA targeting another workload does not count",
      objects: [deployment("web").replicas(1).obj(), hpa("api", { kind: "Deployment", name: "api" }, 2, 5)],
      findings: [{ object: "Deployment/web" }],
    },
    {
      name: "HPA in another namespace does not count",
      objects: [deployment("web").replicas(1).obj(), hpa("web", { kind: "Deployment", name: "web" }, 2, 5, "other")],
      findings: [{ object: "Deployment/web" }],
    },
    {
      name: "critical objective demands three",
      objects: [deployment("checkout").replicas(2).obj()],
      fleet: fleet({ objectives: { services: [{ name: "checkout", critical: true }] } }),
      findings: [{ message: /runs 2 replicas; at least 3 are needed \(the objective for "checkout" is critical\)/, cluster: "prod" }],
    },
  ],
});

describe("workload-replicas mechanism", () => {
  it("uses the cluster's node failure timing (50s grace from 1.32)", () => {
    const { findings } = runRule(rule, { name: "", objects: [deployment("web").replicas(1).obj()], fleet: fleet({ kubernetesVersion: "1.32" }) });
    expect(findings[0]!.mechanism).toContain("5m50s");
  });
});
