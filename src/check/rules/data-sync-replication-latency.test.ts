import { testRule } from "../../../test/check/rule-tester.js";
import { dataService, twoSites } from "../../../test/check/fleet-drafts.js";
import rule from "./data-sync-replication-latency.js";

const ds = (replicas: Record<string, unknown>[], engine = "postgres") => ({ dataServices: [dataService("orders", { cluster: "prod" }, replicas, { engine })] });
const stretch = { storage: [{ name: "ceph", provider: "rook-ceph", replicas: 4, replication: "sync", failureDomain: "site", storageClasses: ["ceph"] }] };

testRule(rule, {
  valid: [
    { name: "sync within the site, async to the far one", fleet: twoSites({ spec: ds([{ cluster: "prod", zone: "fra-b", mode: "sync" }, { cluster: "dr", mode: "async" }]) }), objects: [] },
    { name: "sync to a metro site 3 ms away", fleet: twoSites({ links: [["fra", "ams", "3ms"]], spec: ds([{ cluster: "dr", mode: "sync" }]) }), objects: [] },
    { name: "unknown RTT is not judged", fleet: twoSites({ links: [], spec: ds([{ cluster: "dr", mode: "sync" }]) }), objects: [] },
  ],
  invalid: [
    {
      name: "Patroni synchronous standby 20 ms away",
      fleet: twoSites({ spec: ds([{ cluster: "dr", mode: "sync" }]) }),
      objects: [],
      findings: [{ messageId: "dataService", object: "DataService/orders", path: "spec.dataServices[0].replicas[0]", message: "postgres orders replicates synchronously to dr (ams) across 20 ms (≥ 10 ms)" }],
    },
    {
      name: "Galera is synchronous whatever the entry says",
      fleet: twoSites({ spec: ds([{ cluster: "prod", mode: "sync" }, { cluster: "dr", mode: "async" }], "mariadb-galera") }),
      objects: [],
      findings: [{ message: "Galera orders replicates synchronously to dr (ams) across 20 ms" }],
    },
    {
      name: "a lower threshold",
      options: { maxRttMs: 2 },
      fleet: twoSites({ links: [["fra", "ams", "3ms"]], spec: ds([{ cluster: "dr", mode: "sync" }]) }),
      objects: [],
      findings: [{ message: "across 3 ms (≥ 2 ms)" }],
    },
    {
      name: "stretched Ceph over a WAN",
      fleet: {
        apiVersion: "hactl.dev/v1alpha1",
        kind: "Fleet",
        metadata: { name: "t" },
        spec: {
          sites: [{ name: "fra" }, { name: "ams" }, { name: "ber" }],
          latency: { links: [{ between: ["fra", "ams"], rtt: "18ms" }, { between: ["fra", "ber"], rtt: "4ms" }, { between: ["ams", "ber"], rtt: "16ms" }] },
          clusters: [{ name: "wide", kubernetesVersion: "1.31", controlPlane: { nodes: [{ name: "a", zone: "fra" }, { name: "b", zone: "ams" }, { name: "c", zone: "ber" }], endpoint: { kind: "kube-vip" } }, ...stretch }],
        },
      },
      objects: [],
      findings: [{ messageId: "storage", path: "spec.clusters[0].storage[0].replication", message: "storage backend ceph of cluster wide replicates synchronously across sites 18 ms apart (fra ↔ ams; ≥ 10 ms)" }],
    },
  ],
});
