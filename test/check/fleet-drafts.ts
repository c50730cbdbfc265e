/**
 * Fleet documents for the fleet-level rule tests: a compact way to describe sites, latency links and
 * clusters in code (`twoSites()`, `cluster("prod", { cp: [...] })`); builders.fleet() covers the one-site case.
 * Every draft is loaded through the real loader by the rule tester.
 */
type Obj = Record<string, unknown>;

/** A fleet with the given sites, latency links, clusters and extra spec fields. */
export function fleetOf(o: { sites: Obj[]; clusters: Obj[]; links?: [string, string, string][]; objectives?: Obj; spec?: Obj; annotations?: Record<string, string> }): Obj {
  return {
    apiVersion: "hactl.dev/v1alpha1",
    kind: "Fleet",
    metadata: { name: "test", ...(o.annotations ? { annotations: o.annotations } : {}) },
    spec: {
      objectives: { rto: "5m", rpo: "1m", ...(o.objectives ?? {}) },
      sites: o.sites,
      ...(o.links ? { latency: { links: o.links.map(([a, b, rtt]) => ({ between: [a, b], rtt })) } } : {}),
      clusters: o.clusters,
      ...(o.spec ?? {}),
    },
  };
}

/** A site with zones (or without: one zone named after the site). */
export function site(name: string, zones?: string[], extra: Obj = {}): Obj {
  return { name, ...(zones ? { zones } : {}), ...extra };
}

export interface ClusterDraft {
  /** Control-plane nodes as `name@zone`. */
  cp?: string[];
  /** Worker nodes as `name@zone` (one pool `workers`). */
  workers?: string[];
  cpu?: string;
  memory?: string;
  endpoint?: Obj;
  etcd?: Obj;
  extra?: Obj;
  managed?: boolean;
}

/** A cluster with named control-plane and worker nodes. */
export function cluster(name: string, d: ClusterDraft = {}): Obj {
  const nodes = (list: string[]) => list.map((s) => ({ name: s.split("@")[0], zone: s.split("@")[1] }));
  const cp = d.managed
    ? { managed: true }
    : { nodes: nodes(d.cp ?? []), endpoint: d.endpoint ?? { kind: "kube-vip" }, ...(d.etcd ? { etcd: d.etcd } : {}) };
  return {
    name,
    kubernetesVersion: "1.31",
    controlPlane: cp,
    nodePools: d.workers && d.workers.length > 0 ? [{ name: "workers", nodes: nodes(d.workers), capacity: { cpu: d.cpu ?? "8", memory: d.memory ?? "32Gi" } }] : [],
    ...(d.extra ?? {}),
  };
}

/** Two data centres 20 ms apart with one cluster each (`prod` in fra, `dr` in ams) and a backup site `s3`. */
export function twoSites(o: { objectives?: Obj; spec?: Obj; prod?: Obj; dr?: Obj; links?: [string, string, string][] } = {}): Obj {
  return fleetOf({
    sites: [site("fra", ["fra-a", "fra-b", "fra-c"]), site("ams", ["ams-a", "ams-b", "ams-c"]), site("s3", undefined, { kind: "cloud-region" })],
    links: o.links ?? [["fra", "ams", "20ms"]],
    objectives: o.objectives,
    clusters: [
      cluster("prod", { cp: ["fra-cp-1@fra-a", "fra-cp-2@fra-b", "fra-cp-3@fra-c"], workers: ["fra-w-1@fra-a", "fra-w-2@fra-b", "fra-w-3@fra-c"], extra: o.prod }),
      cluster("dr", { cp: ["ams-cp-1@ams-a", "ams-cp-2@ams-b", "ams-cp-3@ams-c"], workers: ["ams-w-1@ams-a", "ams-w-2@ams-b", "ams-w-3@ams-c"], extra: o.dr }),
    ],
    spec: o.spec,
  });
}

/** A data service entry. */
export function dataService(name: string, primary: Obj, replicas: Obj[] = [], extra: Obj = {}): Obj {
  return { name, engine: "postgres", primary, replicas, ...extra };
}

/** A backup entry (hourly, 10 min, stored in `site`). */
export function backup(name: string, site: string, scope: Obj = {}, extra: Obj = {}): Obj {
  return { name, tool: "velero", schedule: "0 * * * *", duration: "10m", scope, location: { site, kind: "s3" }, ...extra };
}
