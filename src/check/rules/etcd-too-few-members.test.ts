import { testRule } from "../../../test/check/rule-tester.js";
import { cluster, fleetOf, site } from "../../../test/check/fleet-drafts.js";
import rule from "./etcd-too-few-members.js";

const dc = [site("dc", ["a", "b", "c"])];

testRule(rule, {
  valid: [
    { name: "3 stacked members", objects: [], fleet: fleetOf({ sites: dc, clusters: [cluster("prod", { cp: ["cp-1@a", "cp-2@b", "cp-3@c"], workers: ["w-1@a"] })] }) },
    { name: "managed control plane", objects: [], fleet: fleetOf({ sites: dc, clusters: [cluster("prod", { managed: true, workers: ["w-1@a", "w-2@b"] })] }) },
    {
      name: "3 external members behind 2 control-plane nodes",
      objects: [],
      fleet: fleetOf({
        sites: dc,
        clusters: [cluster("prod", { cp: ["cp-1@a", "cp-2@b"], etcd: { topology: "external", members: [{ name: "e1", zone: "a" }, { name: "e2", zone: "b" }, { name: "e3", zone: "c" }] } })],
      }),
    },
  ],
  invalid: [
    {
      name: "one control-plane node (stacked)",
      objects: [],
      fleet: fleetOf({ sites: dc, clusters: [cluster("prod", { cp: ["cp-1@a"], endpoint: { kind: "single-node" }, workers: ["w-1@b"] })] }),
      findings: [{ messageId: "tooFew", object: "Cluster/prod", path: "spec.clusters[0].controlPlane.nodes", message: "cluster prod runs 1 etcd member: a majority needs 1" }],
    },
    {
      name: "two external members: a majority of 2 is 2",
      objects: [],
      fleet: fleetOf({
        sites: dc,
        clusters: [cluster("prod", { cp: ["cp-1@a", "cp-2@b", "cp-3@c"], etcd: { topology: "external", members: [{ name: "e1", zone: "a" }, { name: "e2", zone: "b" }] } })],
      }),
      findings: [{ path: "spec.clusters[0].controlPlane.etcd.members", message: "runs 2 etcd members: a majority needs 2" }],
    },
    {
      name: "k3s single server with embedded SQLite",
      objects: [],
      fleet: fleetOf({ sites: dc, clusters: [cluster("edge", { cp: ["srv@a"], endpoint: { kind: "single-node" }, etcd: { topology: "embedded-sqlite" } })] }),
      findings: [{ messageId: "sqlite", path: "spec.clusters[0].controlPlane.etcd.topology", message: "embedded SQLite on one server (srv)" }],
    },
  ],
});
