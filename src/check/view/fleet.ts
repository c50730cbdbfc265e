/**
 * Fleet-level facts the platform, data, backup, traffic and multi-cluster rules share: where a
 * cluster, backup or data service sits in the fleet document (for file:line:col), which objective
 * applies to a named service, which data service a workload runs, which copies of data survive the
 * loss of a site, and CIDR arithmetic for meshed clusters. Pure functions over the normalised Fleet.
 * @module
 */
import type { PathSegment } from "../../model/diagnostics.js";
import type { Backup, Cluster, DataService, Fleet, ResolvedObjectives } from "../../model/fleet.js";
import { formatDuration } from "../../model/units.js";
import { buildIndex, type CheckIndex } from "./index.js";

/** The seeds' limit for etcd members and synchronous replication: RTT < 10 ms (seed 000, "Kernprinzip"). */
export { ETCD_MAX_RTT_MS } from "../../catalog/architectures.js";

const indexes = new WeakMap<Cluster, CheckIndex>();

/** The index of one cluster's objects, for fleet-level rules (built once per cluster and run, then shared). */
export function clusterIndex(c: Cluster): CheckIndex {
  let hit = indexes.get(c);
  if (!hit) indexes.set(c, (hit = buildIndex(c.objects)));
  return hit;
}

/** `spec.clusters[i]` of the named cluster (the fleet document's order is the model's order). */
export function clusterPath(fleet: Fleet, name: string): PathSegment[] {
  const i = fleet.document.spec.clusters.findIndex((c) => c.name === name);
  return ["spec", "clusters", i < 0 ? 0 : i];
}

/** `spec.backups[i]` of the named backup. */
export function backupPath(fleet: Fleet, name: string): PathSegment[] {
  const i = (fleet.document.spec.backups ?? []).findIndex((b) => b.name === name);
  return ["spec", "backups", i < 0 ? 0 : i];
}

/** `spec.dataServices[i]` of the named data service. */
export function dataServicePath(fleet: Fleet, name: string): PathSegment[] {
  const i = (fleet.document.spec.dataServices ?? []).findIndex((d) => d.name === name);
  return ["spec", "dataServices", i < 0 ? 0 : i];
}

/** True for clusters with role edge, or whose every site is of kind edge (autonomous by design). */
export function isEdgeCluster(fleet: Fleet, c: Cluster): boolean {
  if (c.role === "edge") return true;
  const sites = c.sites.map((s) => fleet.site(s));
  return sites.length > 0 && sites.every((s) => s?.kind === "edge");
}

/** `3 ms`, `0.2 ms`, `unknown`. */
export function formatRtt(ms: number): string {
  if (!Number.isFinite(ms)) return "unknown";
  return `${Number(ms.toFixed(ms < 1 ? 2 : 1))} ms`;
}

export function duration(ms: number): string {
  return formatDuration(ms);
}

export interface NamedObjective {
  rtoMs: number;
  rpoMs: number;
  /** The `objectives.services[]` entry that applied, or undefined for the fleet default. */
  service?: string;
}

/**
 * The objective for the first of `names` that `objectives.services` lists (namespace-aware when the
 * entry names one), else the fleet defaults. Names are tried in order: the most specific first.
 */
export function objectiveOf(objectives: ResolvedObjectives, names: readonly string[], namespace?: string): NamedObjective {
  for (const n of names) {
    const s = objectives.services.find((x) => x.name === n && (x.namespace === undefined || namespace === undefined || x.namespace === namespace));
    if (s) return { rtoMs: s.rtoMs, rpoMs: s.rpoMs, service: s.namespace ? `${s.namespace}/${s.name}` : s.name };
  }
  return { rtoMs: objectives.rtoMs, rpoMs: objectives.rpoMs };
}

/** The objective of a data service: its own entry, else its workload's, else the defaults. */
export function dataServiceObjective(fleet: Fleet, d: DataService): NamedObjective {
  const names = [d.name, ...(d.spec.workload ? [d.spec.workload.name] : [])];
  return objectiveOf(fleet.objectives, names, d.spec.workload?.namespace);
}

/** Data services whose `workload` names this StatefulSet (or Deployment) and that run in `cluster`. */
export function dataServicesOfWorkload(fleet: Fleet, cluster: string, w: { namespace: string; name: string }): DataService[] {
  return fleet.dataServices.filter(
    (d) =>
      d.spec.workload !== undefined &&
      d.spec.workload.name === w.name &&
      (d.spec.workload.namespace === undefined || d.spec.workload.namespace === w.namespace) &&
      (d.primary.cluster === cluster || d.replicas.some((r) => r.cluster === cluster)),
  );
}

/** Site of a data member: its pinned zone's site, else its cluster's only site (undefined when the cluster spans several). */
export function memberSite(fleet: Fleet, m: { cluster: string; site?: string }): string | undefined {
  if (m.site) return m.site;
  const c = fleet.cluster(m.cluster);
  return c && c.sites.length === 1 ? c.sites[0] : undefined;
}

/** Sites a data member may be in: its site when known, else every site of its cluster. */
export function memberSites(fleet: Fleet, m: { cluster: string; site?: string }): string[] {
  const s = memberSite(fleet, m);
  if (s) return [s];
  return fleet.cluster(m.cluster)?.sites ?? [];
}

/** `prod-fra (fra)` for messages: the cluster and the site(s) a data member may be in. */
export function membersSites(fleet: Fleet, m: { cluster: string; site?: string }): string {
  const sites = memberSites(fleet, m);
  return sites.length > 0 ? `${m.cluster} (${sites.join(", ")})` : m.cluster;
}

/** Backups protecting a data service: named by the data service, or listing it in `scope.dataServices`. */
export function backupsOfDataService(fleet: Fleet, d: DataService): Backup[] {
  return fleet.backups.filter((b) => b.name === d.spec.backup || b.dataServices.includes(d.name));
}

/**
 * Backups whose scope includes the volumes of a namespace in a cluster: the cluster is in scope,
 * the namespace too (or every namespace) and `volumes: true`.
 */
export function backupsOfVolumes(fleet: Fleet, cluster: string, namespace: string): Backup[] {
  return fleet.backups.filter((b) => b.volumes && b.clusters.includes(cluster) && (b.namespaces === undefined || b.namespaces.includes(namespace)));
}

/** Worst-case age of the newest backup when the data is lost: the longest gap between runs plus one run. */
export function backupWorstAgeMs(b: Backup): number {
  return b.maxIntervalMs + b.durationMs;
}

/**
 * The best recovery point a data service's replicas give when the failure domain of its primary is
 * lost: the smallest lag (sync = 0) among replicas outside that domain. `scope` "site" counts only
 * replicas in another site than the primary (geo-redundancy); "node" counts every replica (a
 * replica is another pod on another node; the workload rules check that they are spread).
 */
export function replicaRecoveryPoint(fleet: Fleet, d: DataService, scope: "node" | "site"): { lagMs: number; replica: DataService["replicas"][number] } | undefined {
  const primarySites = memberSites(fleet, d.primary);
  let best: { lagMs: number; replica: DataService["replicas"][number] } | undefined;
  for (const r of d.replicas) {
    if (scope === "site") {
      // A replica only survives the primary's site when it is known to sit in a different site.
      const rs = memberSite(fleet, r);
      if (rs === undefined || primarySites.length !== 1 || rs === primarySites[0]) continue;
    }
    if (!best || r.lagMs < best.lagMs) best = { lagMs: r.lagMs, replica: r };
  }
  return best;
}

/** The failure the objectives ask data to survive: a whole site when geo-redundancy is required, else a node. */
export function dataFailureScope(objectives: ResolvedObjectives): "node" | "site" {
  return objectives.geoRedundancy === "required" ? "site" : "node";
}

// ---------------------------------------------------------------------------------------------
// CIDRs

interface ParsedCidr {
  v6: boolean;
  /** Network address as a big integer. */
  addr: bigint;
  prefix: number;
}

/** Parses `10.244.0.0/16` or `fd00::/64`; undefined when malformed. */
export function parseCidr(text: string): ParsedCidr | undefined {
  const [ip, p] = text.split("/");
  if (ip === undefined || p === undefined) return undefined;
  const prefix = Number(p);
  if (ip.includes(":")) {
    const addr = parseV6(ip);
    if (addr === undefined || !(prefix >= 0 && prefix <= 128)) return undefined;
    return { v6: true, addr, prefix };
  }
  const parts = ip.split(".").map(Number);
  if (parts.length !== 4 || parts.some((x) => !Number.isInteger(x) || x < 0 || x > 255) || !(prefix >= 0 && prefix <= 32)) return undefined;
  return { v6: false, addr: parts.reduce((a, x) => (a << 8n) | BigInt(x), 0n), prefix };
}

function parseV6(ip: string): bigint | undefined {
  const halves = ip.split("::");
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(":") : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(":") : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? head.length !== 8 : missing < 1) return undefined;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...tail];
  let v = 0n;
  for (const g of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
    v = (v << 16n) | BigInt(Number.parseInt(g, 16));
  }
  return v;
}

/** True when two CIDRs share at least one address (same family; the shorter prefix decides). */
export function cidrsOverlap(a: string, b: string): boolean {
  const x = parseCidr(a);
  const y = parseCidr(b);
  if (!x || !y || x.v6 !== y.v6) return false;
  const bits = x.v6 ? 128 : 32;
  const prefix = Math.min(x.prefix, y.prefix);
  const shift = BigInt(bits - prefix);
  return x.addr >> shift === y.addr >> shift;
}
