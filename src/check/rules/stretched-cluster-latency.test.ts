import { testRule } from "../../../test/check/rule-tester.js";
import { cluster, fleetOf, site } from "../../../test/check/fleet-drafts.js";
import rule from "./stretched-cluster-latency.js";

const sites = [site("fra"), site("ams"), site("ber")];

testRule(rule, {
  valid: [
    { name: "metro sites", fleet: fleetOf({ sites, links: [["fra", "ams", "3ms"], ["fra", "ber", "4ms"], ["ams", "ber", "4ms"]], clusters: [cluster("c", { cp: ["1@fra", "2@ams", "3@ber"], workers: ["w1@fra", "w2@ams"] })] }), objects: [] },
    { name: "one site per cluster", fleet: fleetOf({ sites, links: [["fra", "ams", "20ms"]], clusters: [cluster("a", { cp: ["1@fra", "2@fra", "3@fra"] }), cluster("b", { cp: ["4@ams", "5@ams", "6@ams"] })] }), objects: [] },
    { name: "far etcd members are etcd-latency's finding", fleet: fleetOf({ sites, links: [["fra", "ams", "20ms"], ["fra", "ber", "3ms"], ["ams", "ber", "20ms"]], clusters: [cluster("c", { cp: ["1@fra", "2@ams", "3@ber"] })] }), objects: [] },
  ],
  invalid: [
    {
      name: "workers 25 ms from the control plane",
      fleet: fleetOf({ sites, links: [["fra", "ams", "25ms"]], clusters: [cluster("c", { cp: ["1@fra", "2@fra", "3@fra"], workers: ["w1@fra", "w2@ams", "w3@ams"] })] }),
      objects: [],
      findings: [{ messageId: "far", object: "Cluster/c", path: "spec.latency.links[0].rtt", message: "cluster c has nodes in sites 25 ms apart (fra ↔ ams); a stretched cluster needs < 10 ms" }],
    },
    {
      name: "a lower limit",
      options: { maxRttMs: 2 },
      fleet: fleetOf({ sites, links: [["fra", "ams", "3ms"]], clusters: [cluster("c", { cp: ["1@fra", "2@fra", "3@fra"], workers: ["w1@ams"] })] }),
      objects: [],
      findings: [{ message: "3 ms apart (fra ↔ ams); a stretched cluster needs < 2 ms" }],
    },
  ],
});
