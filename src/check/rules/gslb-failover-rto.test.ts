import { deployment } from "../../../test/check/builders.js";
import { testRule } from "../../../test/check/rule-tester.js";
import { twoSites } from "../../../test/check/fleet-drafts.js";
import rule from "./gslb-failover-rto.js";

type Obj = Record<string, unknown>;
const host = (o: Obj = {}) => ({
  name: "shop.example.com",
  ttl: "30s",
  healthCheck: { protocol: "HTTPS", interval: "10s", timeout: "2s", fall: 3 },
  targets: [{ cluster: "prod", addresses: ["192.0.2.10"] }, { cluster: "dr", addresses: ["198.51.100.10"] }],
  ...o,
});
const f = (objectives: Obj, h: Obj, resolverCache = "30s") =>
  twoSites({ objectives, spec: { workloads: [{ namespace: "shop", inline: [deployment("web").ns("shop").replicas(3).obj()] }], traffic: { resolverCache, hostnames: [h] } } });

testRule(rule, {
  valid: [
    { name: "1m30s within an RTO of 5m", fleet: f({ rto: "5m" }, host()), objects: [] },
    { name: "fast probes and short TTL for an RTO of 1m", fleet: f({ rto: "1m" }, host({ ttl: "10s", healthCheck: { interval: "5s", fall: 2, timeout: "2s" } }), "20s"), objects: [] },
  ],
  invalid: [
    {
      name: "RTO 1m for the served workload",
      fleet: f({ rto: "5m", services: [{ name: "web", namespace: "shop", rto: "1m" }] }, host({ workload: { namespace: "shop", name: "web" } })),
      objects: [],
      findings: [
        {
          messageId: "slow",
          object: "Hostname/shop.example.com",
          path: "spec.traffic.hostnames[0]",
          message: "host name shop.example.com: failover takes ≈ 1m30s (detection 10s × 3 = 30s + TTL 30s + resolver cache 30s), but the RTO of shop/web is 1m",
        },
      ],
    },
    {
      name: "a 5 min TTL against the default RTO",
      fleet: f({ rto: "2m" }, host({ ttl: "300s" })),
      objects: [],
      findings: [{ message: "failover takes ≈ 6m (detection 10s × 3 = 30s + TTL 5m + resolver cache 30s), but the RTO of the fleet default is 2m" }],
    },
  ],
});
