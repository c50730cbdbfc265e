import { testRule } from "../../../test/check/rule-tester.js";
import { cluster, fleetOf, site } from "../../../test/check/fleet-drafts.js";
import rule from "./control-plane-single-zone.js";

const dc = [site("dc", ["a", "b", "c"])];

testRule(rule, {
  valid: [
    { name: "one control-plane node per zone", objects: [], fleet: fleetOf({ sites: dc, clusters: [cluster("prod", { cp: ["1@a", "2@b", "3@c"], workers: ["w1@a", "w2@b", "w3@c"] })] }) },
    { name: "a one-zone cluster", objects: [], fleet: fleetOf({ sites: dc, clusters: [cluster("prod", { cp: ["1@a", "2@a", "3@a"], workers: ["w1@a", "w2@a"] })] }) },
    { name: "managed", objects: [], fleet: fleetOf({ sites: dc, clusters: [cluster("prod", { managed: true, workers: ["w1@a", "w2@b"] })] }) },
  ],
  invalid: [
    {
      name: "control plane in zone a, workers in a, b, c",
      objects: [],
      fleet: fleetOf({ sites: dc, clusters: [cluster("prod", { cp: ["1@a", "2@a", "3@a"], workers: ["w1@a", "w2@b", "w3@c"] })] }),
      findings: [{ messageId: "oneZone", object: "Cluster/prod", path: "spec.clusters[0].controlPlane.nodes", message: "cluster prod spans 3 zones (a, b, c), but its 3 control-plane nodes are all in a" }],
    },
    {
      name: "stretched workers, control plane and external etcd in one site",
      objects: [],
      fleet: fleetOf({
        sites: [site("fra"), site("ams")],
        links: [["fra", "ams", "3ms"]],
        clusters: [cluster("c", { cp: ["1@fra", "2@fra"], workers: ["w1@fra", "w2@ams"], etcd: { topology: "external", members: [1, 2, 3].map((i) => ({ name: `e${i}`, zone: "fra" })) } })],
      }),
      findings: [{ message: "spans 2 sites (fra, ams), but its 2 control-plane nodes and 3 etcd members are all in fra" }],
    },
  ],
});
