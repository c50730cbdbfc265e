import { deployment, pdb } from "../../../test/check/builders.js";
import { testRule } from "../../../test/check/rule-tester.js";
import rule from "./pdb-spans-workloads.js";

testRule(rule, {
  valid: [{ name: "one workload", objects: [deployment("web").replicas(3).obj(), deployment("api").replicas(3).obj(), pdb("web", { maxUnavailable: 1, selector: { matchLabels: { app: "web" } } })] }],
  invalid: [
    {
      name: "tier label shared by two Deployments",
      objects: [
        deployment("web").replicas(4).templateLabels({ app: "web", tier: "front" }).obj(),
        deployment("api").replicas(2).templateLabels({ app: "api", tier: "front" }).obj(),
        pdb("front", { maxUnavailable: 2, selector: { matchLabels: { tier: "front" } } }),
      ],
      findings: [{ messageId: "spans", path: "spec.selector", message: "covers 2 workloads: Deployment web (4 replicas), Deployment api (2 replicas)" }],
    },
  ],
});
