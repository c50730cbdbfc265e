import { daemonSet, deployment, fleet, hpa, pdb, statefulSet } from "../../../test/check/builders.js";
import { testRule } from "../../../test/check/rule-tester.js";
import rule from "./pdb-blocks-drain.js";

const sel = { matchLabels: { app: "web" } };

testRule(rule, {
  valid: [
    { name: "maxUnavailable 1", objects: [deployment("web").replicas(3).obj(), pdb("web", { maxUnavailable: 1, selector: sel })] },
    { name: "minAvailable 2 of 3", objects: [deployment("web").replicas(3).obj(), pdb("web", { minAvailable: 2, selector: sel })] },
    { name: "maxUnavailable 10% of 3 rounds up to 1", objects: [deployment("web").replicas(3).obj(), pdb("web", { maxUnavailable: "10%", selector: sel })] },
    { name: "minAvailable 50% of 3 rounds up to 2", objects: [deployment("web").replicas(3).obj(), pdb("web", { minAvailable: "50%", selector: sel })] },
    { name: "DaemonSet size unknown without a fleet", objects: [daemonSet("web").obj(), pdb("web", { minAvailable: 3, selector: sel })] },
  ],
  invalid: [
    { name: "maxUnavailable 0", objects: [deployment("web").replicas(3).obj(), pdb("web", { maxUnavailable: 0, selector: sel })], findings: [{ messageId: "blocks", object: "PodDisruptionBudget/web", path: "spec.maxUnavailable", message: "maxUnavailable 0 (= at least 3 of 3 pods must stay up) for Deployment web (3 replicas)", fixable: true }] },
    { name: "minAvailable 100%", objects: [statefulSet("web").replicas(3).obj(), pdb("web", { minAvailable: "100%", selector: sel })], findings: [{ path: "spec.minAvailable", message: "minAvailable 100% (= 3 of 3 pods", fixable: true }] },
    { name: "minAvailable equals replicas", objects: [deployment("web").replicas(2).obj(), pdb("web", { minAvailable: 2, selector: sel })], findings: [{ message: "minAvailable 2 (= 2 of 2 pods" }] },
    { name: "minAvailable 60% of 2 rounds up to 2", objects: [deployment("web").replicas(2).obj(), pdb("web", { minAvailable: "60%", selector: sel })], findings: [{ message: "(= 2 of 2 pods" }] },
    {
      name: "HPA minimum is the fallback",
      objects: [deployment("web").replicas(4).obj(), hpa("web", { kind: "Deployment", name: "web" }, 2, 6), pdb("web", { minAvailable: 2, selector: sel })],
      findings: [{ message: "Deployment web (HPA minimum 2)" }],
    },
    { name: "single replica: no mechanical fix", objects: [deployment("web").replicas(1).obj(), pdb("web", { minAvailable: 1, selector: sel })], findings: [{ fixable: false }] },
    {
      name: "DaemonSet on a fleet: one pod per eligible node",
      objects: [daemonSet("web").obj(), pdb("web", { minAvailable: "100%", selector: sel })],
      fleet: fleet(),
      findings: [{ message: "1 per eligible node (6)", cluster: "prod" }],
    },
  ],
});
