import { testRule } from "../../../test/check/rule-tester.js";
import { cluster, fleetOf, site, twoSites } from "../../../test/check/fleet-drafts.js";
import rule from "./gslb-single-target.js";

const host = (targets: string[]) => ({ name: "shop.example.com", targets: targets.map((c, i) => ({ cluster: c, addresses: [`192.0.2.${i + 10}`] })) });

testRule(rule, {
  valid: [
    { name: "two clusters in two sites", fleet: twoSites({ objectives: { geoRedundancy: "required" }, spec: { traffic: { hostnames: [host(["prod", "dr"])] } } }), objects: [] },
    {
      name: "two clusters in one site without geo-redundancy",
      fleet: fleetOf({ sites: [site("dc", ["a", "b"])], clusters: [cluster("blue", { cp: ["1@a", "2@a", "3@b"] }), cluster("green", { cp: ["4@a", "5@b", "6@b"] })], spec: { traffic: { hostnames: [host(["blue", "green"])] } } }),
      objects: [],
    },
  ],
  invalid: [
    {
      name: "one target",
      fleet: twoSites({ spec: { traffic: { hostnames: [host(["prod"])] } } }),
      objects: [],
      findings: [{ messageId: "single", object: "Hostname/shop.example.com", path: "spec.traffic.hostnames[0].targets", message: "host name shop.example.com has a single target (cluster prod)" }],
    },
    {
      name: "two clusters in one site under required geo-redundancy",
      fleet: fleetOf({ sites: [site("dc", ["a", "b"]), site("dr")], objectives: { geoRedundancy: "required" }, clusters: [cluster("blue", { cp: ["1@a", "2@a", "3@b"] }), cluster("green", { cp: ["4@a", "5@b", "6@b"] }), cluster("far", { cp: ["7@dr", "8@dr", "9@dr"] })], links: [["dc", "dr", "20ms"]], spec: { traffic: { hostnames: [host(["blue", "green"])] } } }),
      objects: [],
      findings: [{ messageId: "oneSite", message: "host name shop.example.com fails over only within site dc (blue, green), but geo-redundancy is required" }],
    },
  ],
});
