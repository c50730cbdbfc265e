import { deployment, service } from "../../../test/check/builders.js";
import { testRule } from "../../../test/check/rule-tester.js";
import rule from "./readiness-probe-missing.js";

testRule(rule, {
  valid: [
    { name: "served with a readiness probe", objects: [deployment("web").obj(), service("web", { app: "web" })] },
    { name: "no Service: nothing routes to it", objects: [deployment("worker").container({ readinessProbe: undefined }).obj()] },
    { name: "Service in another namespace", objects: [deployment("web").container({ readinessProbe: undefined }).obj(), service("web", { app: "web" }, "other")] },
  ],
  invalid: [
    {
      name: "served without a readiness probe",
      objects: [deployment("web").container({ readinessProbe: undefined }).obj(), service("web", { app: "web" })],
      findings: [{ messageId: "missing", path: "spec.template.spec.containers[0]", message: 'container "app" of Deployment default/web has no readinessProbe, but Service web' }],
    },
  ],
});
