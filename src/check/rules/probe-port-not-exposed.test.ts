import { deployment } from "../../../test/check/builders.js";
import { testRule } from "../../../test/check/rule-tester.js";
import rule from "./probe-port-not-exposed.js";

testRule(rule, {
  valid: [
    { name: "named ports", objects: [deployment("web").obj()] },
    { name: "declared number", objects: [deployment("web").container({ readinessProbe: { httpGet: { path: "/", port: 8080 } } }).obj()] },
    { name: "no declared ports to compare with", objects: [deployment("web").container({ ports: undefined, readinessProbe: { tcpSocket: { port: 9000 } }, livenessProbe: undefined }).obj()] },
  ],
  invalid: [
    {
      name: "typo in the port number",
      objects: [deployment("web").container({ livenessProbe: { httpGet: { path: "/healthz", port: 8081 } } }).obj()],
      findings: [{ messageId: "notExposed", path: "spec.template.spec.containers[0].livenessProbe.httpGet.port", message: "checks port 8081, which is not among the declared ports 8080 (http)" }],
    },
  ],
});
