import { deployment } from "../../../test/check/builders.js";
import { testRule } from "../../../test/check/rule-tester.js";
import { twoSites } from "../../../test/check/fleet-drafts.js";
import rule from "./standby-rto.js";

type Obj = Record<string, unknown>;
const f = (objectives: Obj, placement: Obj, traffic = true) =>
  twoSites({
    objectives,
    spec: {
      workloads: [{ namespace: "shop", inline: [deployment("web").ns("shop").replicas(3).obj()] }],
      placement: [{ name: "shop", workloads: { namespaces: ["shop"] }, clusters: ["prod", "dr"], mode: "active-passive", ...placement }],
      ...(traffic
        ? { traffic: { hostnames: [{ name: "shop.example.com", ttl: "60s", healthCheck: { interval: "10s", fall: 3, timeout: "2s" }, workload: { namespace: "shop", name: "web" }, targets: [{ cluster: "prod", addresses: ["192.0.2.10"] }, { cluster: "dr", addresses: ["198.51.100.10"] }] }] } }
        : {}),
    },
  });

testRule(rule, {
  valid: [
    { name: "hot, automatic, RTO 5m (0 + 2m DNS)", fleet: f({ rto: "5m" }, { standby: "hot", failover: "automatic" }), objects: [] },
    { name: "hot, manual, RTO 15m (10m + 2m)", fleet: f({ rto: "15m" }, { standby: "hot", failover: "manual" }), objects: [] },
    { name: "active-active needs no promotion", fleet: twoSites({ objectives: { rto: "1m" }, spec: { workloads: [{ namespace: "shop", inline: [deployment("web").ns("shop").replicas(3).obj()] }], placement: [{ name: "shop", workloads: { namespaces: ["shop"] }, clusters: ["prod", "dr"], mode: "active-active" }] } }), objects: [] },
  ],
  invalid: [
    {
      name: "a cold standby against an RTO of 10m",
      fleet: f({ rto: "10m" }, { standby: "cold", failover: "automatic" }),
      objects: [],
      findings: [{ messageId: "slow", object: "Placement/shop", path: "spec.placement[0].standby", message: "placement shop: a cold standby with automatic failover takes ≈ 17m (promotion 15m + DNS detection, TTL and caches 2m), but the RTO of the fleet default is 10m" }],
    },
    {
      name: "manual failover for a service with RTO 5m",
      fleet: f({ rto: "30m", services: [{ name: "web", namespace: "shop", rto: "5m" }] }, { standby: "warm", failover: "manual" }),
      objects: [],
      findings: [{ message: "a warm standby with manual failover takes ≈ 14m (promotion 12m + DNS detection, TTL and caches 2m), but the RTO of shop/web is 5m" }],
    },
    {
      name: "a declared promotion time and no host name",
      fleet: f({ rto: "5m" }, { standby: "hot", promotionTime: "8m" }, false),
      objects: [],
      findings: [{ path: "spec.placement[0].promotionTime", message: "takes ≈ 8m (promotion 8m, no traffic host name), but the RTO of the fleet default is 5m" }],
    },
  ],
});
