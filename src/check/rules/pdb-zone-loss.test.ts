import { deployment, fleet, pdb } from "../../../test/check/builders.js";
import { testRule } from "../../../test/check/rule-tester.js";
import rule from "./pdb-zone-loss.js";

const sel = { matchLabels: { app: "web" } };
const twoZones = fleet({ zones: ["zone-a", "zone-b"] });

testRule(rule, {
  valid: [
    { name: "3 over 3 zones, maxUnavailable 1", objects: [deployment("web").replicas(3).obj(), pdb("web", { maxUnavailable: 1, selector: sel })], fleet: fleet() },
    { name: "plain manifests: zones unknown", objects: [deployment("web").replicas(4).obj(), pdb("web", { minAvailable: 3, selector: sel })] },
    { name: "6 over 3 zones, minAvailable 4", objects: [deployment("web").replicas(6).obj(), pdb("web", { minAvailable: 4, selector: sel })], fleet: fleet() },
  ],
  invalid: [
    {
      name: "4 over 2 zones, minAvailable 3",
      objects: [deployment("web").replicas(4).obj(), pdb("web", { minAvailable: 3, selector: sel })],
      fleet: twoZones,
      findings: [{ messageId: "zoneLoss", path: "spec.minAvailable", message: "needs 3 healthy pods, but losing zone zone-a leaves 2 of 4 (even spread: web: 2 in zone-a, 2 in zone-b)", cluster: "prod" }],
    },
    {
      name: "6 over 3 zones, maxUnavailable 1 (percent rounds up: 10% of 6 = 1)",
      objects: [deployment("web").replicas(6).obj(), pdb("web", { maxUnavailable: "10%", selector: sel })],
      fleet: fleet(),
      findings: [{ message: "needs 5 healthy pods, but losing zone zone-a leaves 4 of 6" }],
    },
  ],
});
