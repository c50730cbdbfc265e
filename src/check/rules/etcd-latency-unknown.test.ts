import { testRule } from "../../../test/check/rule-tester.js";
import { cluster, fleetOf, site } from "../../../test/check/fleet-drafts.js";
import rule from "./etcd-latency-unknown.js";

const sites = [site("fra"), site("ams"), site("ber")];
const cp = ["f@fra", "a@ams", "b@ber"];

testRule(rule, {
  valid: [
    { name: "every pair measured", objects: [], fleet: fleetOf({ sites, links: [["fra", "ams", "2ms"], ["fra", "ber", "18ms"], ["ams", "ber", "20ms"]], clusters: [cluster("c", { cp })] }) },
    { name: "one site", objects: [], fleet: fleetOf({ sites: [site("dc", ["a", "b", "c"])], clusters: [cluster("c", { cp: ["1@a", "2@b", "3@c"] })] }) },
    {
      name: "workers in another site do not matter here",
      objects: [],
      fleet: fleetOf({ sites: [site("dc"), site("far")], clusters: [cluster("c", { cp: ["1@dc", "2@dc", "3@dc"], workers: ["w@far"] })] }),
    },
  ],
  invalid: [
    {
      name: "two of three site pairs have no link",
      objects: [],
      fleet: fleetOf({ sites, links: [["fra", "ams", "2ms"]], clusters: [cluster("c", { cp })] }),
      findings: [{ messageId: "unknown", object: "Cluster/c", path: "spec.latency.links", message: "etcd members in ams ↔ ber, ber ↔ fra with no RTT given" }],
    },
    {
      name: "no latency section at all",
      objects: [],
      fleet: fleetOf({ sites: [site("fra"), site("ams")], clusters: [cluster("c", { cp: ["1@fra", "2@fra", "3@ams"] })] }),
      findings: [{ path: "spec.clusters[0].controlPlane", message: "ams ↔ fra" }],
    },
  ],
});
