/**
 * `hactl plan --init`: a starter fleet for the recommended architecture — sites, clusters, control
 * plane, storage, placement, traffic, data and backups laid out the way the seeds advise — plus an
 * HA-ready sample workload. Pure: returns file contents; the CLI writes them.
 * @module
 */
import { stringify } from "yaml";
import type { ArchitectureId } from "../catalog/architectures.js";
import { FLEET_API_VERSION } from "../model/schema/fleet.js";
import { formatDuration } from "../model/units.js";
import type { PlanInputs, PlanResult } from "./types.js";

export interface StarterFiles {
  /** Path (relative to the output directory) → content. */
  files: Record<string, string>;
}

export const SCHEMA_URL = "https://raw.githubusercontent.com/hactl/hactl/main/schema/fleet.schema.json";

interface SiteDraft {
  name: string;
  kind: string;
  zones: string[];
}

/** Builds the starter fleet for `plan.recommended`. With `inline`, workloads are embedded in the fleet. */
export function starterFleet(plan: PlanResult, opts: { name?: string; inline?: boolean; schemaRef?: string } = {}): StarterFiles {
  const arch = plan.recommended.architecture;
  const core = plan.recommended.core ?? arch;
  const inputs = plan.inputs;
  const sites = draftSites(inputs, core, arch === "hybrid-edge");
  const coreSites = sites.filter((s) => s.kind !== "edge");
  const multiZone = core === "multi-zone" || coreSites.some((s) => s.zones.length >= 3);
  // Zones the sample workload spreads over: a stretched cluster's data centres are its zones.
  const workloadZones = core === "stretched" ? 2 : multiZone ? Math.max(...coreSites.map((s) => s.zones.length)) : 1;
  const clusters: Record<string, unknown>[] = [];
  const extra: Record<string, unknown> = {};

  const clusterFor = (name: string, site: SiteDraft, role?: string): Record<string, unknown> => {
    const zones = site.zones;
    const cp = [0, 1, 2].map((i) => ({ name: `${name}-cp-${i + 1}`, zone: zones[i % zones.length]! }));
    return {
      name,
      kubernetesVersion: "1.32",
      ...(role ? { role } : {}),
      controlPlane: { nodes: cp, etcd: { topology: "stacked" }, endpoint: { kind: "kube-vip" } },
      nodePools: [{ name: "workers", count: zones.length >= 3 ? 6 : 3, zones, capacity: { cpu: "8", memory: "32Gi", pods: 110 } }],
      storage: [
        {
          name: "ceph",
          provider: "rook-ceph",
          replicas: 3,
          replication: "sync",
          failureDomain: zones.length >= 3 ? "zone" : "host",
          storageClasses: ["ceph-block"],
          accessModes: ["ReadWriteOnce"],
        },
      ],
      network: { cni: "cilium", loadBalancer: "metallb-bgp" },
      ingress: { controller: "ingress-nginx", replicas: 3, externalTrafficPolicy: "Local" },
    };
  };

  let backupSite: string;
  switch (core) {
    case "single-cluster":
    case "multi-zone":
      clusters.push(clusterFor("prod", coreSites[0]!));
      backupSite = coreSites[1]?.name ?? "offsite";
      break;
    case "stretched": {
      const [a, b, w] = coreSites;
      const c = clusterFor("prod", a!);
      c["controlPlane"] = {
        nodes: [
          { name: "cp-1", zone: a!.zones[0] },
          { name: "cp-2", zone: a!.zones[0] },
          { name: "cp-3", zone: b!.zones[0] },
          { name: "cp-4", zone: b!.zones[0] },
          { name: "cp-witness", zone: w!.zones[0] },
        ],
        etcd: { topology: "stacked" },
        // The VIP may move to any of the five control-plane nodes, so either data centre can hold it.
        endpoint: { kind: "kube-vip" },
      };
      c["nodePools"] = [{ name: "workers", count: 6, zones: [a!.zones[0], b!.zones[0]], capacity: { cpu: "8", memory: "32Gi", pods: 110 } }];
      c["storage"] = [
        { name: "ceph-stretch", provider: "rook-ceph", replicas: 4, replication: "sync", failureDomain: "site", storageClasses: ["ceph-block"], accessModes: ["ReadWriteOnce"] },
      ];
      clusters.push(c);
      backupSite = w!.name;
      break;
    }
    default: {
      const [a, b] = coreSites;
      clusters.push(clusterFor("prod-a", a!, "primary"), clusterFor("prod-b", b!, core === "active-active" ? "primary" : "standby"));
      backupSite = b!.name;
      const activeActive = core === "active-active";
      // Failover by DNS takes detection (5s × 3) + TTL + resolver caching (30s): pick the TTL so the
      // sum stays within the RTO where it can (5s–30s).
      const ttlS = Math.max(5, Math.min(30, Math.floor((inputs.rtoMs - 30_000 - 15_000) / 1000)));
      extra["placement"] = [
        {
          name: "app",
          workloads: { namespaces: ["app"] },
          clusters: ["prod-a", "prod-b"],
          mode: activeActive ? "active-active" : "active-passive",
          ...(activeActive ? {} : { standby: "hot", failover: core === "active-passive-manual" ? "manual" : "automatic" }),
        },
      ];
      extra["traffic"] = {
        hostnames: [
          {
            name: "app.example.com",
            strategy: activeActive ? "round-robin" : "failover",
            ttl: `${ttlS}s`,
            healthCheck: { protocol: "HTTPS", path: "/healthz", interval: "5s", timeout: "2s", fall: 3, rise: 2 },
            workload: { namespace: "app", name: "web" },
            targets: [
              { cluster: "prod-a", addresses: ["192.0.2.10"] },
              { cluster: "prod-b", addresses: ["198.51.100.10"] },
            ],
          },
        ],
      };
      extra["dataServices"] = [
        {
          name: "app-db",
          engine: "postgres",
          operator: "patroni",
          primary: { cluster: "prod-a" },
          replicas: [
            { cluster: "prod-a", mode: "sync" },
            { cluster: "prod-b", mode: inputs.rpoMs === 0 ? "sync" : "async", ...(inputs.rpoMs === 0 ? {} : { lag: "5s" }) },
          ],
          failover: "automatic",
          backup: "hourly",
        },
      ];
    }
  }
  if (arch === "hybrid-edge") {
    for (const s of sites.filter((x) => x.kind === "edge")) {
      clusters.push({
        name: `${s.name}`,
        kubernetesVersion: "1.32",
        distribution: "k3s",
        role: "edge",
        // Three schedulable k3s servers with embedded etcd: the store keeps its API when one box dies.
        controlPlane: {
          nodes: [1, 2, 3].map((i) => ({ name: `${s.name}-server-${i}`, zone: s.zones[0] })),
          schedulable: true,
          capacity: { cpu: "4", memory: "16Gi", pods: 110 },
          etcd: { topology: "stacked" },
          endpoint: { kind: "kube-vip" },
        },
        storage: [{ name: "longhorn", provider: "longhorn", replicas: 3, replication: "sync", failureDomain: "host", storageClasses: ["longhorn"], accessModes: ["ReadWriteOnce"] }],
      });
    }
  }

  const allSites = sites.map((s) => (s.zones.length === 1 && s.zones[0] === s.name ? { name: s.name, kind: s.kind } : { name: s.name, kind: s.kind, zones: s.zones }));
  if (!sites.some((s) => s.name === backupSite)) allSites.push({ name: backupSite, kind: "cloud-region" });
  const links = latencyLinks(inputs, coreSites);
  const hourly = inputs.rpoMs > 0 && inputs.rpoMs < 60 * 60_000 ? "*/15 * * * *" : "0 * * * *";
  const spec: Record<string, unknown> = {
    objectives: {
      rto: formatDuration(inputs.rtoMs),
      rpo: inputs.rpoMs === 0 ? "0" : formatDuration(inputs.rpoMs),
      budget: inputs.budget,
      geoRedundancy: inputs.geoRedundancy,
      ...(multiZone ? { providerZones: true } : {}),
    },
    sites: allSites,
    ...(links.length > 0 ? { latency: { links } } : {}),
    clusters,
    workloads: opts.inline ? [{ inline: sampleWorkloads(workloadZones), namespace: "app" }] : [{ path: "./k8s" }],
    ...extra,
    backups: [
      {
        name: "hourly",
        tool: "velero",
        schedule: hourly,
        duration: "5m",
        scope: { namespaces: ["app"] },
        location: { site: backupSite, kind: "s3" },
        retention: "720h",
      },
    ],
  };
  const fleet = { apiVersion: FLEET_API_VERSION, kind: "Fleet", metadata: { name: opts.name ?? "starter" }, spec };
  const header =
    `# yaml-language-server: $schema=${opts.schemaRef ?? SCHEMA_URL}\n` +
    `# Starter fleet written by \`hactl plan --init\` for: ${plan.recommended.title} (seed case ${plan.recommended.seedCase}).\n` +
    `# Replace the example names, zones, capacities and addresses with yours, then run \`hactl assess -f fleet.yaml\`.\n`;
  const files: Record<string, string> = { "fleet.yaml": header + stringify(fleet, { lineWidth: 0, aliasDuplicateObjects: false }) };
  if (!opts.inline) {
    files["k8s/app.yaml"] =
      "# An HA-ready sample workload: 3 replicas spread over nodes (and zones), a PDB, probes and requests.\n" +
      sampleWorkloads(workloadZones).map((o) => stringify(o, { lineWidth: 0, aliasDuplicateObjects: false })).join("---\n");
  }
  return { files };
}

function draftSites(inputs: PlanInputs, core: ArchitectureId, hybrid: boolean): SiteDraft[] {
  const given = inputs.sites.map((s, i) => ({
    name: s.name,
    kind: s.kind,
    zones: s.zones > 1 ? Array.from({ length: s.zones }, (_, z) => `${s.name}-${String.fromCharCode(97 + z)}`) : [s.name],
    i,
  }));
  const zonesPerSite = core === "multi-zone" ? 3 : 1;
  const needed = core === "stretched" ? 3 : core === "single-cluster" || core === "multi-zone" ? 1 : 2;
  const coreSites: SiteDraft[] = given.filter((s) => s.kind !== "edge").map(({ name, kind, zones }) => ({ name, kind, zones: zones.length >= zonesPerSite ? zones : zoneNames(name, zonesPerSite) }));
  const defaultNames = core === "stretched" ? ["dc-a", "dc-b", "dc-witness"] : core === "single-cluster" ? ["dc1"] : core === "multi-zone" ? ["region-1"] : ["site-a", "site-b"];
  for (let i = coreSites.length; i < needed; i++) {
    const name = defaultNames[i] ?? `site-${i + 1}`;
    coreSites.push({ name, kind: core === "multi-zone" ? "cloud-region" : "datacenter", zones: zoneNames(name, zonesPerSite) });
  }
  const edge = given.filter((s) => s.kind === "edge").map(({ name, kind, zones }) => ({ name, kind, zones }));
  if (hybrid && edge.length === 0) edge.push({ name: "edge-1", kind: "edge", zones: ["edge-1"] });
  return [...coreSites.slice(0, Math.max(needed, coreSites.length)), ...edge];
}

function zoneNames(site: string, n: number): string[] {
  if (n <= 1) return [site];
  return Array.from({ length: n }, (_, i) => `${site}${String.fromCharCode(97 + i)}`);
}

function latencyLinks(inputs: PlanInputs, sites: SiteDraft[]): { between: [string, string]; rtt: string }[] {
  const links: { between: [string, string]; rtt: string }[] = [];
  for (let i = 0; i < sites.length; i++) {
    for (let j = i + 1; j < sites.length; j++) {
      const a = sites[i]!.name;
      const b = sites[j]!.name;
      const known = inputs.siteRtt.find((r) => (r.a === a && r.b === b) || (r.a === b && r.b === a));
      const ms = known && known.origin !== "unknown" ? known.ms : inputs.siteRtt.find((r) => r.origin !== "unknown")?.ms;
      links.push({ between: [a, b], rtt: `${ms ?? 20}ms` });
    }
  }
  return links;
}

/**
 * The sample workload: web Deployment with spread, PDB, probes and requests, and its Service. Over
 * `zones` zones it runs enough replicas that the PDB's 2 still hold after losing the largest zone
 * (3 over 1 or 3 zones, 4 over 2), spread over zones with nodeTaintsPolicy Honor so a dead zone's
 * tainted nodes do not strand replacements.
 */
export function sampleWorkloads(zones: number): Record<string, unknown>[] {
  const labels = { "app.kubernetes.io/name": "web" };
  const replicas = zones === 2 ? 4 : 3;
  const spread: Record<string, unknown>[] = [
    { maxSkew: 1, topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "DoNotSchedule", labelSelector: { matchLabels: labels } },
  ];
  if (zones > 1) {
    spread.push({ maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "DoNotSchedule", nodeTaintsPolicy: "Honor", labelSelector: { matchLabels: labels } });
  }
  return [
    {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web", namespace: "app", labels },
      spec: {
        replicas,
        selector: { matchLabels: labels },
        strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 1, maxSurge: 1 } },
        template: {
          metadata: { labels },
          spec: {
            topologySpreadConstraints: spread,
            terminationGracePeriodSeconds: 30,
            containers: [
              {
                name: "web",
                image: "ghcr.io/example/web:1.0.0",
                ports: [{ name: "http", containerPort: 8080 }],
                resources: { requests: { cpu: "250m", memory: "256Mi" }, limits: { memory: "256Mi" } },
                readinessProbe: { httpGet: { path: "/ready", port: "http" }, periodSeconds: 5 },
                livenessProbe: { httpGet: { path: "/healthz", port: "http" }, periodSeconds: 10, failureThreshold: 3 },
                lifecycle: { preStop: { sleep: { seconds: 5 } } },
              },
            ],
          },
        },
      },
    },
    {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "web", namespace: "app", labels },
      spec: { selector: labels, ports: [{ name: "http", port: 80, targetPort: "http" }] },
    },
    {
      apiVersion: "policy/v1",
      kind: "PodDisruptionBudget",
      metadata: { name: "web", namespace: "app" },
      spec: { minAvailable: 2, selector: { matchLabels: labels }, unhealthyPodEvictionPolicy: "AlwaysAllow" },
    },
  ];
}
