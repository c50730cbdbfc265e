import { testRule } from "../../../test/check/rule-tester.js";
import { dataService, twoSites } from "../../../test/check/fleet-drafts.js";
import rule from "./data-async-rpo-zero.js";

const ds = (replicas: Record<string, unknown>[]) => ({ dataServices: [dataService("orders", { cluster: "prod" }, replicas)] });

testRule(rule, {
  valid: [
    { name: "RPO 0 with a sync replica", fleet: twoSites({ objectives: { rpo: "0" }, spec: ds([{ cluster: "prod", mode: "sync" }, { cluster: "dr", mode: "async" }]) }), objects: [] },
    { name: "RPO 1m with an async replica", fleet: twoSites({ objectives: { rpo: "1m" }, spec: ds([{ cluster: "dr", mode: "async" }]) }), objects: [] },
    { name: "RPO 0 for another service", fleet: twoSites({ objectives: { rpo: "1m", services: [{ name: "ledger", rpo: "0" }] }, spec: { dataServices: [dataService("orders", { cluster: "prod" }, [{ cluster: "dr", mode: "async" }]), dataService("ledger", { cluster: "prod" }, [{ cluster: "prod", mode: "sync" }])] } }), objects: [] },
    {
      name: "geo-redundancy with a sync replica in a metro site",
      fleet: twoSites({ links: [["fra", "ams", "3ms"]], objectives: { rpo: "0", geoRedundancy: "required" }, spec: ds([{ cluster: "dr", mode: "sync" }]) }),
      objects: [],
    },
  ],
  invalid: [
    {
      name: "RPO 0, only an async replica",
      fleet: twoSites({ objectives: { rpo: "0" }, spec: ds([{ cluster: "dr", mode: "async", lag: "2s" }]) }),
      objects: [],
      findings: [{ messageId: "async", object: "DataService/orders", path: "spec.dataServices[0].replicas[0].mode", message: "objective RPO 0 for orders, but its replica in dr is async (lag 2s)" }],
    },
    {
      name: "RPO 0 and geo-redundancy, sync only inside fra",
      fleet: twoSites({ objectives: { rpo: "0", geoRedundancy: "required" }, spec: ds([{ cluster: "prod", mode: "sync" }, { cluster: "dr", mode: "async", lag: "5s" }]) }),
      objects: [],
      findings: [{ messageId: "acrossSites", path: "spec.dataServices[0].replicas[1].mode", message: "objective RPO 0 for orders holds within fra, but its copy in another site is async (lag 5s): a site loss loses up to 5s" }],
    },
  ],
});
