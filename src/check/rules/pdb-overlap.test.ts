import { deployment, pdb } from "../../../test/check/builders.js";
import { testRule } from "../../../test/check/rule-tester.js";
import rule from "./pdb-overlap.js";

testRule(rule, {
  valid: [
    { name: "one PDB", objects: [deployment("web").replicas(3).obj(), pdb("web", { maxUnavailable: 1, selector: { matchLabels: { app: "web" } } })] },
    {
      name: "second PDB in another namespace",
      objects: [deployment("web").replicas(3).obj(), pdb("web", { maxUnavailable: 1, selector: { matchLabels: { app: "web" } } }), pdb("all", { maxUnavailable: 1, selector: {} }, "other")],
    },
  ],
  invalid: [
    {
      name: "an app PDB and a namespace-wide PDB",
      objects: [deployment("web").replicas(3).obj(), pdb("web", { maxUnavailable: 1, selector: { matchLabels: { app: "web" } } }), pdb("all", { maxUnavailable: "10%", selector: {} })],
      findings: [{ messageId: "overlap", object: "Deployment/web", path: "spec.template.metadata", message: "selected by 2 PodDisruptionBudgets: web, all" }],
    },
  ],
});
