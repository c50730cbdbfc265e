import { testRule } from "../../../test/check/rule-tester.js";
import { dataService, twoSites } from "../../../test/check/fleet-drafts.js";
import rule from "./data-leader-key-in-api.js";

const ds = (extra: Record<string, unknown>) => ({ dataServices: [dataService("orders", { cluster: "prod" }, [{ cluster: "prod", mode: "sync" }], extra)] });

testRule(rule, {
  valid: [
    { name: "failsafe_mode on", fleet: twoSites({ spec: ds({ failsafeMode: true }) }), objects: [] },
    { name: "an etcd of its own", fleet: twoSites({ spec: ds({ dcs: "external" }) }), objects: [] },
    { name: "CloudNativePG is not Patroni", fleet: twoSites({ spec: ds({ operator: "cloudnative-pg" }) }), objects: [] },
    { name: "another engine", fleet: twoSites({ spec: ds({ engine: "mongodb" }) }), objects: [] },
  ],
  invalid: [
    {
      name: "postgres with the default manager (Patroni)",
      fleet: twoSites({ spec: ds({}) }),
      objects: [],
      findings: [{ messageId: "leaderKey", object: "DataService/orders", path: "spec.dataServices[0]", message: "orders (Patroni) keeps its leader key in the Kubernetes API of prod without failsafe_mode: an etcd quorum loss there makes it read-only within 20s" }],
    },
    { name: "the Zalando operator (Spilo)", fleet: twoSites({ spec: ds({ operator: "zalando-postgres-operator" }) }), objects: [], findings: [{ messageId: "leaderKey" }] },
    { name: "dcs: kubernetes named explicitly for another manager", fleet: twoSites({ spec: ds({ operator: "in-house", dcs: "kubernetes" }) }), objects: [], findings: [{ messageId: "leaderKey" }] },
  ],
});
