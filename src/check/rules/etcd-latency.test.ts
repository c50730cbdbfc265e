import { testRule } from "../../../test/check/rule-tester.js";
import { cluster, fleetOf, site } from "../../../test/check/fleet-drafts.js";
import rule from "./etcd-latency.js";

const sites = [site("fra"), site("ams"), site("ber")];
const cp = ["f@fra", "a@ams", "b@ber"];

testRule(rule, {
  valid: [
    { name: "metro sites 2–3 ms apart", objects: [], fleet: fleetOf({ sites, links: [["fra", "ams", "2ms"], ["fra", "ber", "3ms"], ["ams", "ber", "3ms"]], clusters: [cluster("c", { cp })] }) },
    { name: "one site with zones (1 ms default)", objects: [], fleet: fleetOf({ sites: [site("dc", ["a", "b", "c"])], clusters: [cluster("c", { cp: ["1@a", "2@b", "3@c"] })] }) },
    { name: "unknown RTT is etcd-latency-unknown's finding", objects: [], fleet: fleetOf({ sites, links: [["fra", "ams", "2ms"]], clusters: [cluster("c", { cp })] }) },
    { name: "9.9 ms is still below 10", objects: [], fleet: fleetOf({ sites, links: [["fra", "ams", "9.9ms"], ["fra", "ber", "3ms"], ["ams", "ber", "3ms"]], clusters: [cluster("c", { cp })] }) },
  ],
  invalid: [
    {
      name: "one site 18 ms away",
      objects: [],
      fleet: fleetOf({ sites, links: [["fra", "ams", "2ms"], ["fra", "ber", "18ms"], ["ams", "ber", "20ms"]], clusters: [cluster("c", { cp })] }),
      findings: [{ messageId: "far", object: "Cluster/c", path: "spec.latency.links[2].rtt", message: "cluster c has etcd members 20 ms apart (a in ams ↔ b in ber, 2 pairs in all); etcd needs < 10 ms" }],
    },
    {
      name: "exactly 10 ms",
      objects: [],
      fleet: fleetOf({ sites, links: [["fra", "ams", "10ms"], ["fra", "ber", "3ms"], ["ams", "ber", "3ms"]], clusters: [cluster("c", { cp })] }),
      findings: [{ message: "10 ms apart (f in fra ↔ a in ams)" }],
    },
    {
      name: "a lower threshold as option",
      objects: [],
      options: { maxRttMs: 2 },
      fleet: fleetOf({ sites, links: [["fra", "ams", "2ms"], ["fra", "ber", "1ms"], ["ams", "ber", "1ms"]], clusters: [cluster("c", { cp })] }),
      findings: [{ message: "etcd needs < 2 ms" }],
    },
  ],
});
