import { service, statefulSet } from "../../../test/check/builders.js";
import { testRule } from "../../../test/check/rule-tester.js";
import rule from "./statefulset-service-missing.js";

testRule(rule, {
  valid: [
    { name: "headless governing Service", objects: [statefulSet("db").replicas(3).obj(), service("db", { app: "db" }, "default", { clusterIP: "None" })] },
    { name: "no Services in the input at all (partial input)", objects: [statefulSet("db").replicas(3).obj()] },
    { name: "single member without peers", objects: [statefulSet("cache").replicas(1).set("serviceName", undefined).obj()] },
  ],
  invalid: [
    {
      name: "Service missing",
      objects: [statefulSet("db").replicas(3).obj(), service("other", { app: "other" })],
      findings: [{ messageId: "missing", path: "spec.serviceName", message: "names serviceName db, but no such Service exists in namespace default", fixable: true }],
    },
    { name: "Service with a cluster IP", objects: [statefulSet("db").replicas(3).obj(), service("db", { app: "db" })], findings: [{ messageId: "notHeadless" }] },
    { name: "quorum system without serviceName", objects: [statefulSet("zk").replicas(3).image("zookeeper:3.9").set("serviceName", undefined).obj()], findings: [{ messageId: "unset", path: "spec" }] },
  ],
});
