import { deployment, service } from "../../../test/check/builders.js";
import { testRule } from "../../../test/check/rule-tester.js";
import rule from "./service-selects-nothing.js";

testRule(rule, {
  valid: [
    { name: "selects the workload", objects: [deployment("web").obj(), service("web", { app: "web" })] },
    { name: "no selector (endpoints managed elsewhere)", objects: [deployment("web").obj(), service("external", undefined)] },
    { name: "namespace without workloads in the input", objects: [service("web", { app: "web" }, "other")] },
  ],
  invalid: [
    {
      name: "typo in the selector",
      objects: [deployment("web").obj(), service("web", { app: "wbe" })],
      findings: [{ messageId: "nothing", path: "spec.selector", message: "selects app=wbe, which matches no workload in namespace default (closest: Deployment web with labels app=web)" }],
    },
  ],
});
