import { deployment } from "../../../test/check/builders.js";
import { testRule } from "../../../test/check/rule-tester.js";
import rule from "./resource-requests-missing.js";

testRule(rule, {
  valid: [
    { name: "cpu and memory requests", objects: [deployment("web").obj()] },
    { name: "limits only (requests default to limits)", objects: [deployment("web").container({ resources: { limits: { cpu: "1", memory: "1Gi" } } }).obj()] },
  ],
  invalid: [
    { name: "no resources", objects: [deployment("web").container({ resources: undefined }).obj()], findings: [{ messageId: "missing", path: "spec.template.spec.containers[0].resources", message: "no cpu or memory request" }] },
    { name: "memory missing", objects: [deployment("web").container({ resources: { requests: { cpu: "100m" } } }).obj()], findings: [{ message: "no memory request" }] },
    {
      name: "sidecar (restartable init container) counts",
      objects: [deployment("web").pod({ initContainers: [{ name: "proxy", image: "envoy:1.30", restartPolicy: "Always" }, { name: "migrate", image: "migrate:1" }] }).obj()],
      findings: [{ path: "spec.template.spec.initContainers[0].resources" }],
    },
  ],
});
