import { deployment } from "../../../test/check/builders.js";
import { testRule } from "../../../test/check/rule-tester.js";
import rule from "./startup-probe-missing.js";

const aggressive = { httpGet: { path: "/healthz", port: "http" }, periodSeconds: 2, failureThreshold: 3 };

testRule(rule, {
  valid: [
    { name: "default timing (0 + 3 × 10 = 30s)", objects: [deployment("web").container({ livenessProbe: { httpGet: { path: "/healthz", port: "http" } } }).obj()] },
    { name: "aggressive but guarded by a startupProbe", objects: [deployment("web").container({ livenessProbe: aggressive, startupProbe: { ...aggressive, failureThreshold: 60 } }).obj()] },
  ],
  invalid: [
    {
      name: "6s window, no startupProbe",
      objects: [deployment("web").container({ livenessProbe: aggressive }).obj()],
      findings: [{ messageId: "aggressive", path: "spec.template.spec.containers[0].livenessProbe", message: "within 6s", fixable: true }],
    },
  ],
});
