import { deployment } from "../../../test/check/builders.js";
import { testRule } from "../../../test/check/rule-tester.js";
import rule from "./probe-port-unknown.js";

testRule(rule, {
  valid: [
    { name: "named port declared", objects: [deployment("web").obj()] },
    { name: "numeric port", objects: [deployment("web").container({ readinessProbe: { tcpSocket: { port: 9000 } } }).obj()] },
  ],
  invalid: [
    {
      name: "readiness probe on an undeclared name",
      objects: [deployment("web").container({ readinessProbe: { httpGet: { path: "/ready", port: "metrics" } } }).obj()],
      findings: [{ messageId: "unknown", path: "spec.template.spec.containers[0].readinessProbe.httpGet.port", message: 'targets port "metrics", but the container declares only "http"', fixable: true }],
    },
    {
      name: "no ports at all",
      objects: [deployment("web").container({ ports: undefined, readinessProbe: undefined, livenessProbe: { tcpSocket: { port: "http" } } }).obj()],
      findings: [{ message: "no named ports", fixable: false }],
    },
  ],
});
