import { deployment, fleet, pdb } from "../../../test/check/builders.js";
import { testRule } from "../../../test/check/rule-tester.js";
import rule from "./pdb-unhealthy-eviction.js";

const sel = { matchLabels: { app: "web" } };

testRule(rule, {
  valid: [
    { name: "AlwaysAllow", objects: [deployment("web").replicas(3).obj(), pdb("web", { maxUnavailable: 1, unhealthyPodEvictionPolicy: "AlwaysAllow", selector: sel })] },
    { name: "blocking budget is another rule's finding", objects: [deployment("web").replicas(3).obj(), pdb("web", { maxUnavailable: 0, selector: sel })] },
    { name: "Kubernetes 1.26 has no such default", objects: [deployment("web").replicas(3).obj(), pdb("web", { maxUnavailable: 1, selector: sel })], fleet: fleet({ kubernetesVersion: "1.26" }) },
  ],
  invalid: [
    { name: "default policy", objects: [deployment("web").replicas(3).obj(), pdb("web", { maxUnavailable: 1, selector: sel })], findings: [{ messageId: "ifHealthy", path: "spec", message: "IfHealthyBudget (the default): drains block once 2 pods are not ready", fixable: true }] },
    { name: "explicit IfHealthyBudget", objects: [deployment("web").replicas(5).obj(), pdb("web", { minAvailable: 4, unhealthyPodEvictionPolicy: "IfHealthyBudget", selector: sel })], findings: [{ path: "spec.unhealthyPodEvictionPolicy" }] },
  ],
});
