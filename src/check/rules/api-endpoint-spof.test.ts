import { testRule } from "../../../test/check/rule-tester.js";
import { cluster, fleetOf, site } from "../../../test/check/fleet-drafts.js";
import rule from "./api-endpoint-spof.js";

const dc = [site("dc", ["a", "b", "c"])];
const cp = ["cp-1@a", "cp-2@b", "cp-3@c"];

testRule(rule, {
  valid: [
    { name: "kube-vip over 3 control-plane nodes", objects: [], fleet: fleetOf({ sites: dc, clusters: [cluster("prod", { cp })] }) },
    { name: "cloud load balancer (2 instances by default)", objects: [], fleet: fleetOf({ sites: dc, clusters: [cluster("prod", { cp, endpoint: { kind: "cloud-lb" } })] }) },
    { name: "a single-node control plane is another rule's finding", objects: [], fleet: fleetOf({ sites: dc, clusters: [cluster("prod", { cp: ["cp-1@a"], endpoint: { kind: "single-node" } })] }) },
    { name: "managed", objects: [], fleet: fleetOf({ sites: dc, clusters: [cluster("prod", { managed: true, workers: ["w@a"] })] }) },
  ],
  invalid: [
    {
      name: "three API servers behind one node's address",
      objects: [],
      fleet: fleetOf({ sites: dc, clusters: [cluster("prod", { cp, endpoint: { kind: "single-node", address: "10.0.0.11:6443" } })] }),
      findings: [{ messageId: "singleNode", object: "Cluster/prod", path: "spec.clusters[0].controlPlane.endpoint.kind", message: "reaches its 3 API servers through one node's address (10.0.0.11:6443)" }],
    },
    {
      name: "one HAProxy instance",
      objects: [],
      fleet: fleetOf({ sites: dc, clusters: [cluster("prod", { cp, endpoint: { kind: "haproxy-keepalived", instances: 1 } })] }),
      findings: [{ messageId: "oneInstance", path: "spec.clusters[0].controlPlane.endpoint.instances", message: "haproxy-keepalived endpoint with 1 instance" }],
    },
  ],
});
