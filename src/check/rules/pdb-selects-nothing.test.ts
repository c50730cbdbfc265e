import { deployment, pdb } from "../../../test/check/builders.js";
import { testRule } from "../../../test/check/rule-tester.js";
import rule from "./pdb-selects-nothing.js";

testRule(rule, {
  valid: [
    { name: "selects the workload", objects: [deployment("web").obj(), pdb("web", { maxUnavailable: 1, selector: { matchLabels: { app: "web" } } })] },
    { name: "no workloads in the namespace here (partial input)", objects: [pdb("web", { maxUnavailable: 1, selector: { matchLabels: { app: "web" } } })] },
    {
      name: "operator custom resources may create the pods",
      objects: [
        deployment("web").obj(),
        { apiVersion: "postgresql.cnpg.io/v1", kind: "Cluster", metadata: { name: "db", namespace: "default" }, spec: { instances: 3 } },
        pdb("db", { maxUnavailable: 1, selector: { matchLabels: { "cnpg.io/cluster": "db" } } }),
      ],
    },
  ],
  invalid: [
    { name: "no selector", objects: [pdb("web", { maxUnavailable: 1 })], findings: [{ messageId: "noSelector", path: "spec" }] },
    {
      name: "label typo",
      objects: [deployment("web").obj(), pdb("web", { maxUnavailable: 1, selector: { matchLabels: { app: "wbe" } } })],
      findings: [{ messageId: "nothing", path: "spec.selector", message: "selects app=wbe, which matches no workload in namespace default (closest: Deployment web with labels app=web)" }],
    },
  ],
});
