import { deployment } from "../../../test/check/builders.js";
import { testRule } from "../../../test/check/rule-tester.js";
import { cluster, fleetOf, site, twoSites } from "../../../test/check/fleet-drafts.js";
import rule from "./geo-single-site.js";

const geo = { geoRedundancy: "required" };
const workloadsIn = (clusters: string[]) => ({ workloads: [{ namespace: "shop", clusters, inline: [deployment("web").ns("shop").replicas(3).obj()] }] });
const activePassive = (standby: string) => ({
  workloads: [{ namespace: "shop", inline: [deployment("web").replicas(3).ns("shop").obj()] }],
  placement: [{ name: "shop", workloads: { namespaces: ["shop"] }, clusters: ["prod", "dr"], mode: "active-passive", standby }],
});

testRule(rule, {
  valid: [
    { name: "geo-redundancy not required", fleet: fleetOf({ sites: [site("dc")], clusters: [cluster("prod", { cp: ["1@dc", "2@dc", "3@dc"] })] }), objects: [] },
    { name: "two sites, the workload runs in both", fleet: twoSites({ objectives: geo, spec: workloadsIn(["prod", "dr"]) }), objects: [] },
    { name: "a cold standby in the other site counts", fleet: twoSites({ objectives: geo, spec: activePassive("cold") }), objects: [] },
    {
      name: "a stretched cluster whose workers span both sites",
      fleet: fleetOf({ sites: [site("fra1"), site("fra2"), site("fra3")], links: [["fra1", "fra2", "2ms"], ["fra1", "fra3", "3ms"], ["fra2", "fra3", "3ms"]], objectives: geo, clusters: [cluster("metro", { cp: ["a@fra1", "b@fra2", "w@fra3"], workers: ["w1@fra1", "w2@fra2"] })] }),
      objects: [deployment("web").replicas(4).obj()],
    },
  ],
  invalid: [
    {
      name: "required, one site",
      fleet: fleetOf({ sites: [site("dc", ["a", "b", "c"])], objectives: geo, clusters: [cluster("prod", { cp: ["1@a", "2@b", "3@c"] })] }),
      objects: [],
      findings: [{ messageId: "fleet", object: "Fleet/test", path: "spec.objectives.geoRedundancy", message: "geo-redundancy is required but every cluster runs in one site (dc)" }],
    },
    {
      name: "two sites, but the workload only in prod",
      fleet: twoSites({ objectives: geo, spec: workloadsIn(["prod"]) }),
      objects: [],
      findings: [{ messageId: "workload", object: "Deployment/web", message: "Deployment shop/web can only run in site fra (cluster prod)" }],
    },
    {
      name: "a stretched cluster, the workload pinned to one side",
      fleet: fleetOf({ sites: [site("fra1"), site("fra2"), site("fra3")], links: [["fra1", "fra2", "2ms"], ["fra1", "fra3", "3ms"], ["fra2", "fra3", "3ms"]], objectives: geo, clusters: [cluster("metro", { cp: ["a@fra1", "b@fra2", "w@fra3"], workers: ["w1@fra1", "w2@fra2"] })] }),
      objects: [deployment("web").replicas(4).pod({ nodeSelector: { "hactl.dev/site": "fra1" } }).obj()],
      findings: [{ messageId: "workload", message: "Deployment default/web can only run in site fra1 (cluster metro)" }],
    },
  ],
});
