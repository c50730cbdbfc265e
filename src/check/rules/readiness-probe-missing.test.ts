import { deployment, service } from "../../../test/check/builders.js";
import { testRule } from "../../../test/check/rule-tester.js";
import rule from "./readiness-probe-missing.js";

testRule(rule, {
  valid: [
    { name: "served with a readiness probe", objects: [deployment("web").obj(), service("web", { app: "web" })] },
    { name: "no Service: nothing routes to it", objects: [deployment("worker").container({ readinessProbe: undefined }).obj()] },
    {
      name: "a log shipper next to the serving container needs no readiness probe",
      objects: [deployment("web").containers([{ name: "app", image: "app:1", ports: [{ name: "http", containerPort: 8080 }], readinessProbe: { tcpSocket: { port: "http" } } }, { name: "logs", image: "fluent-bit:3.1" }]).obj(), service("web", { app: "web" })],
    },
    { name: "Service in another namespace", objects: [deployment("web").container({ readinessProbe: undefined }).obj(), service("web", { app: "web" }, "other")] },
  ],
  invalid: [
    {
      name: "the container behind the Service's numeric targetPort",
      objects: [
        deployment("web").containers([{ name: "logs", image: "fluent-bit:3.1" }, { name: "app", image: "app:1", ports: [{ containerPort: 8080 }] }]).obj(),
        service("web", { app: "web" }, "default", { ports: [{ port: 80, targetPort: 8080 }] }),
      ],
      findings: [{ path: "spec.template.spec.containers[1]", message: 'container "app"' }],
    },
    {
      name: "served without a readiness probe",
      objects: [deployment("web").container({ readinessProbe: undefined }).obj(), service("web", { app: "web" })],
      findings: [{ messageId: "missing", path: "spec.template.spec.containers[0]", message: 'container "app" of Deployment default/web has no readinessProbe, but Service web' }],
    },
  ],
});
