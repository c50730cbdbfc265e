import { deployment } from "../../../test/check/builders.js";
import { testRule } from "../../../test/check/rule-tester.js";
import rule from "./probes-identical.js";

const probe = { httpGet: { path: "/healthz", port: 8080 }, periodSeconds: 5 };

testRule(rule, {
  valid: [
    { name: "different endpoints", objects: [deployment("web").obj()] },
    { name: "same endpoint, more tolerant liveness", objects: [deployment("web").container({ readinessProbe: probe, livenessProbe: { ...probe, failureThreshold: 6 } }).obj()] },
  ],
  invalid: [
    {
      name: "identical probes (key order differs)",
      objects: [deployment("web").container({ readinessProbe: probe, livenessProbe: { periodSeconds: 5, httpGet: { port: 8080, path: "/healthz" } } }).obj()],
      findings: [{ messageId: "identical", path: "spec.template.spec.containers[0].livenessProbe" }],
    },
  ],
});
