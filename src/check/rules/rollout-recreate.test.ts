import { deployment, service } from "../../../test/check/builders.js";
import { testRule } from "../../../test/check/rule-tester.js";
import rule from "./rollout-recreate.js";

testRule(rule, {
  valid: [
    { name: "rolling update", objects: [deployment("web").obj(), service("web", { app: "web" })] },
    { name: "Recreate without a Service (a worker)", objects: [deployment("worker").set("strategy", { type: "Recreate" }).obj()] },
  ],
  invalid: [
    {
      name: "served Deployment with Recreate",
      objects: [deployment("web").replicas(2).set("strategy", { type: "Recreate" }).obj(), service("web", { app: "web" })],
      findings: [{ messageId: "recreate", path: "spec.strategy.type", fixable: true }],
    },
    {
      name: "Recreate because of a volume claim: no mechanical fix",
      objects: [
        deployment("web").set("strategy", { type: "Recreate" }).pod({ volumes: [{ name: "data", persistentVolumeClaim: { claimName: "data" } }] }).obj(),
        service("web", { app: "web" }),
      ],
      findings: [{ fixable: false }],
    },
  ],
});
