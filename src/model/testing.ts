/**
 * Test helpers for engines: build fleet documents in code and load them through the real loader
 * (files in a temporary directory), so tests exercise exactly what users run.
 * @module
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { stringify } from "yaml";
import type { Diagnostic } from "./diagnostics.js";
import type { Fleet } from "./fleet.js";
import { loadInputs } from "./load/index.js";

export type FleetDraft = Record<string, unknown> & { spec: Record<string, unknown> };

/** A small valid fleet: one site with 3 zones, one cluster with 3 control-plane nodes and 3 workers. */
export function baseFleet(name = "test"): FleetDraft {
  return {
    apiVersion: "hactl.dev/v1alpha1",
    kind: "Fleet",
    metadata: { name },
    spec: {
      objectives: { rto: "5m", rpo: "1m" },
      sites: [{ name: "dc1", zones: ["a", "b", "c"] }],
      clusters: [
        {
          name: "prod",
          kubernetesVersion: "1.31",
          controlPlane: {
            nodes: [
              { name: "cp-1", zone: "a" },
              { name: "cp-2", zone: "b" },
              { name: "cp-3", zone: "c" },
            ],
            endpoint: { kind: "kube-vip" },
          },
          nodePools: [{ name: "workers", count: 3, zones: ["a", "b", "c"], capacity: { cpu: "4", memory: "16Gi" } }],
        },
      ],
    },
  };
}

export interface Loaded {
  fleets: Fleet[];
  diagnostics: Diagnostic[];
  errors: Diagnostic[];
  dir: string;
}

/** Writes `fleet` (a draft or YAML text) and `files` to a temp dir and loads `fleet.yaml`. */
export function loadDraft(fleet: FleetDraft | string, files: Record<string, string> = {}, now = new Date("2026-11-21T00:00:00Z")): Loaded {
  const dir = mkdtempSync(join(tmpdir(), "hactl-test-"));
  const text = typeof fleet === "string" ? fleet : stringify(fleet, { aliasDuplicateObjects: false });
  writeFileSync(join(dir, "fleet.yaml"), text);
  for (const [p, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), content);
  }
  const r = loadInputs([join(dir, "fleet.yaml")], { cwd: dir, now });
  return { fleets: r.fleets, diagnostics: r.diagnostics, errors: r.diagnostics.filter((d) => d.severity === "error"), dir };
}

/** Loads a draft that must be valid; throws with the diagnostics otherwise. */
export function loadValid(fleet: FleetDraft | string, files: Record<string, string> = {}): Fleet {
  const r = loadDraft(fleet, files);
  if (r.errors.length > 0 || r.fleets.length !== 1) {
    throw new Error(`expected a valid fleet, got:\n${r.errors.map((d) => `${d.line}:${d.column} ${d.path ?? ""} ${d.message}`).join("\n")}`);
  }
  return r.fleets[0]!;
}

/** Sets a value at a dotted/indexed path in a draft (creating objects on the way), for concise tests. */
export function setIn(target: Record<string, unknown>, path: (string | number)[], value: unknown): void {
  let cur: Record<string | number, unknown> = target;
  path.slice(0, -1).forEach((seg, i) => {
    if (cur[seg] === undefined || cur[seg] === null) cur[seg] = typeof path[i + 1] === "number" ? [] : {};
    cur = cur[seg] as Record<string | number, unknown>;
  });
  const last = path[path.length - 1]!;
  if (value === undefined) delete cur[last];
  else cur[last] = value;
}

/** A fleet that uses every section of the schema (two sites, two clusters, placement, traffic, data, backups). */
export function fullFleet(): FleetDraft {
  const f = baseFleet("full");
  const spec = f.spec;
  spec["objectives"] = {
    rto: "1m",
    rpo: "30s",
    budget: "high",
    geoRedundancy: "required",
    dataResidency: ["eu"],
    services: [{ name: "web", namespace: "shop", rto: "30s", critical: true }],
  };
  spec["sites"] = [
    { name: "dc1", kind: "datacenter", jurisdiction: "eu", zones: ["a", "b", { name: "c", description: "room c" }] },
    { name: "dc2", kind: "datacenter", jurisdiction: "eu", region: "eu-west", zones: ["x", "y", "z"] },
  ];
  spec["latency"] = { sameZone: "0.2ms", sameSite: "1ms", links: [{ between: ["dc1", "dc2"], rtt: "18ms", jitter: "2ms" }] };
  spec["timing"] = { nodeMonitorGracePeriod: "40s", leaderElection: { leaseDuration: "15s" }, etcd: { heartbeatInterval: "100ms" } };
  const c1 = (spec["clusters"] as Record<string, unknown>[])[0]!;
  c1["storage"] = [{ name: "ceph", provider: "rook-ceph", replicas: 3, replication: "sync", failureDomain: "zone", storageClasses: ["ceph-block"] }];
  c1["network"] = { cni: "cilium", loadBalancer: "metallb-bgp", podCIDR: "10.244.0.0/16", serviceCIDR: "10.96.0.0/12", mesh: "cilium-clustermesh" };
  c1["ingress"] = { controller: "ingress-nginx", replicas: 3, addresses: ["192.0.2.10"], externalTrafficPolicy: "Local" };
  c1["timing"] = { podStartup: "20s" };
  (spec["clusters"] as Record<string, unknown>[]).push({
    name: "dr",
    kubernetesVersion: "1.32",
    role: "standby",
    controlPlane: {
      nodes: [
        { name: "dr-cp-1", zone: "x" },
        { name: "dr-cp-2", zone: "y" },
        { name: "dr-cp-3", zone: "z" },
      ],
      etcd: { topology: "external", members: [{ name: "e1", zone: "x" }, { name: "e2", zone: "y" }, { name: "e3", zone: "z" }] },
      endpoint: { kind: "haproxy-keepalived", instances: 2, address: "10.1.0.10:6443" },
    },
    nodePools: [
      { name: "workers", nodes: [{ name: "w-x", zone: "x", labels: { disk: "ssd" } }, { name: "w-y", zone: "y" }], capacity: { cpu: "8", memory: "32Gi", pods: 110 }, taints: [{ key: "dedicated", value: "app", effect: "NoSchedule" }] },
    ],
    network: { podCIDR: "10.245.0.0/16", serviceCIDR: "10.97.0.0/16" },
  });
  spec["workloads"] = [
    {
      namespace: "shop",
      inline: [
        {
          apiVersion: "apps/v1",
          kind: "Deployment",
          metadata: { name: "web", labels: { app: "web" } },
          spec: { replicas: 3, selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "web", image: "nginx:1.27.3" }] } } },
        },
        { apiVersion: "v1", kind: "Service", metadata: { name: "web" }, spec: { selector: { app: "web" }, ports: [{ port: 80 }] } },
      ],
    },
  ];
  spec["placement"] = [
    { name: "shop", workloads: { namespaces: ["shop"] }, clusters: ["prod", "dr"], mode: "active-passive", standby: "warm", failover: "automatic", replicas: { scheduling: "Duplicated" } },
  ];
  spec["traffic"] = {
    provider: "hactl",
    resolverCache: "30s",
    hostnames: [
      {
        name: "shop.example.com",
        strategy: "failover",
        ttl: "30s",
        allDown: "fallback",
        fallback: ["198.51.100.5"],
        healthCheck: { protocol: "HTTPS", port: 443, path: "/healthz", expectStatus: [200], interval: "5s", timeout: "2s", fall: 3, rise: 2 },
        workload: { namespace: "shop", name: "web" },
        targets: [
          { cluster: "prod", addresses: ["192.0.2.10"], priority: 1, service: { namespace: "shop", name: "web" } },
          { cluster: "dr", addresses: ["203.0.113.10"], priority: 2, weight: 1, region: "eu-west" },
        ],
      },
    ],
  };
  spec["dataServices"] = [
    {
      name: "orders-db",
      engine: "postgres",
      operator: "patroni",
      dcs: "kubernetes",
      failsafeMode: true,
      primary: { cluster: "prod", zone: "a" },
      replicas: [
        { cluster: "prod", zone: "b", mode: "sync" },
        { cluster: "dr", mode: "async", lag: "5s" },
      ],
      failover: "automatic",
      failoverTime: "40s",
      backup: "hourly",
    },
  ];
  spec["backups"] = [
    {
      name: "hourly",
      tool: "velero",
      schedule: "0 * * * *",
      duration: "10m",
      restoreTime: "30m",
      scope: { clusters: ["prod"], namespaces: ["shop"], dataServices: ["orders-db"], volumes: true },
      location: { site: "dc2", kind: "s3", bucket: "backups" },
      retention: "720h",
      lastRestoreTest: "2026-10-01",
    },
  ];
  return f;
}
