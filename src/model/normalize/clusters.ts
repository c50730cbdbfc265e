/**
 * Clusters: node pools expanded into named nodes with the standard topology labels, control plane
 * and etcd members resolved to zones and sites, storage backends with their defaults, and timing.
 * @module
 */
import { apiEndpointFailoverDefaultMs } from "../../catalog/kubernetes-timing.js";
import type { PathSegment } from "../diagnostics.js";
import {
  LABEL_CONTROL_PLANE,
  LABEL_HOSTNAME,
  LABEL_OS,
  LABEL_REGION,
  LABEL_ZONE,
  type Cluster,
  type ControlPlane,
  type EtcdMember,
  type Node,
  type Resources,
  type StorageBackend,
} from "../fleet.js";
import type { ClusterSpec, FleetSpec } from "../schema/fleet.js";
import { parseDuration, parseQuantity } from "../units.js";
import type { NormalizeContext } from "./context.js";
import { resolveTiming } from "./timing.js";
import type { Topology } from "./topology.js";

/** kubeadm's control-plane nodes when no capacity is given: 2 cores, 4 GiB (kubeadm's minimum). */
const DEFAULT_CONTROL_PLANE_CAPACITY = { cpu: 2, memory: 4 * 2 ** 30, pods: 110 };

export function normalizeClusters(spec: FleetSpec, topo: Topology, ctx: NormalizeContext): Cluster[] {
  ctx.duplicates(spec.clusters, (c) => c.name, (i) => ["spec", "clusters", i, "name"], "cluster");
  return spec.clusters.map((c, ci) => normalizeCluster(c, ["spec", "clusters", ci], spec, topo, ctx));
}

function normalizeCluster(c: ClusterSpec, at: PathSegment[], spec: FleetSpec, topo: Topology, ctx: NormalizeContext): Cluster {
  const m = /^v?1\.([0-9]+)/.exec(c.kubernetesVersion)!;
  const minor = Number(m[1]);
  if (minor < 20) {
    ctx.warn([...at, "kubernetesVersion"], "old-version", `Kubernetes ${c.kubernetesVersion} is out of support; hactl models 1.20 and later`, {
      suggestion: "timings and scheduler semantics are those of the nearest supported version",
    });
  }
  const { timing, origin } = resolveTiming(minor, spec.timing, c.timing);
  const nodes: Node[] = [];
  const nodeNames = new Map<string, PathSegment[]>();

  const makeNode = (
    name: string,
    zoneName: string,
    pool: string,
    role: Node["role"],
    res: Resources,
    labels: Record<string, string>,
    taints: Node["taints"],
    path: PathSegment[],
    zonePath: PathSegment[],
  ): Node | undefined => {
    const zone = topo.zoneByName.get(zoneName);
    if (!zone) {
      ctx.unresolved(zonePath, "zone", zoneName, topo.zones.map((z) => z.name));
      return undefined;
    }
    if (nodeNames.has(name)) {
      ctx.error(path, "duplicate-name", `node "${name}" is defined twice in cluster "${c.name}"`);
      return undefined;
    }
    nodeNames.set(name, path);
    const node: Node = {
      name,
      cluster: c.name,
      pool,
      role,
      zone: zone.name,
      site: zone.site,
      region: zone.region,
      // The kubelet labels every node with its OS; a pool or node may say otherwise (windows).
      labels: { [LABEL_OS]: "linux", ...labels, [LABEL_HOSTNAME]: name, [LABEL_ZONE]: zone.name, [LABEL_REGION]: zone.region, "hactl.dev/site": zone.site },
      taints,
      allocatable: res,
      unschedulable: false,
    };
    nodes.push(node);
    return node;
  };

  // Control plane.
  const cp = c.controlPlane;
  const cpAt = [...at, "controlPlane"];
  const cpNodes: Node[] = [];
  if (!cp.managed && (cp.nodes ?? []).length === 0) {
    ctx.error(cpAt, "missing-field", `cluster "${c.name}" has no control-plane nodes`, {
      expected: "controlPlane.nodes with at least one node, or controlPlane.managed: true",
    });
  }
  if (cp.managed && (cp.nodes ?? []).length > 0) {
    ctx.error([...cpAt, "nodes"], "conflict", "a managed control plane has no nodes of yours; remove controlPlane.nodes or set managed: false");
  }
  const cpRes = resources(cp.capacity, DEFAULT_CONTROL_PLANE_CAPACITY);
  (cp.nodes ?? []).forEach((n, i) => {
    const labels = { ...(n.labels ?? {}), [LABEL_CONTROL_PLANE]: "" };
    const taints: Node["taints"] = cp.schedulable ? [] : [{ key: LABEL_CONTROL_PLANE, effect: "NoSchedule" }];
    const node = makeNode(n.name, n.zone, "control-plane", "control-plane", cpRes, labels, taints, [...cpAt, "nodes", i, "name"], [...cpAt, "nodes", i, "zone"]);
    if (node) cpNodes.push(node);
  });

  // Worker pools.
  const clusterZonesFromCp = [...new Set(cpNodes.map((n) => n.zone))];
  c.nodePools.forEach((p, pi) => {
    const pAt = [...at, "nodePools", pi];
    const res = resources(p.capacity);
    const taints = (p.taints ?? []).map((t) => ({ key: t.key, value: t.value, effect: t.effect }));
    const labels = { ...(p.labels ?? {}), "hactl.dev/pool": p.name };
    if (p.nodes) {
      p.nodes.forEach((n, ni) =>
        makeNode(n.name, n.zone, p.name, p.role, res, { ...labels, ...(n.labels ?? {}) }, taints, [...pAt, "nodes", ni, "name"], [...pAt, "nodes", ni, "zone"]),
      );
      return;
    }
    let zones = p.zones;
    if (!zones || zones.length === 0) {
      const only = topo.zones.length === 1 ? [topo.zones[0]!.name] : clusterZonesFromCp.length === 1 ? clusterZonesFromCp : undefined;
      if (!only) {
        ctx.error(pAt, "missing-field", `node pool "${p.name}" needs \`zones\`: the fleet has ${topo.zones.length} zones`, {
          suggestion: `zones: [${topo.zones.slice(0, 3).map((z) => z.name).join(", ")}]`,
        });
        return;
      }
      zones = only;
    }
    let valid = true;
    zones.forEach((z, zi) => {
      if (!topo.zoneByName.has(z)) {
        ctx.unresolved([...pAt, "zones", zi], "zone", z, topo.zones.map((x) => x.name));
        valid = false;
      }
    });
    if (!valid) return;
    for (let i = 0; i < p.count!; i++) {
      makeNode(`${p.name}-${i + 1}`, zones[i % zones.length]!, p.name, p.role, res, labels, taints, [...pAt, "count"], [...pAt, "zones"]);
    }
  });

  const controlPlane = normalizeControlPlane(c, cpNodes, cpAt, topo, ctx, timing.apiEndpointFailoverMs);
  const storage = normalizeStorage(c, nodes, at, ctx);
  const zones = [...new Set([...nodes.map((n) => n.zone), ...controlPlane.etcd.members.map((e) => e.zone)])];
  const sites = [...new Set(zones.map((z) => topo.zoneByName.get(z)?.site).filter((s): s is string => s !== undefined))];
  return {
    name: c.name,
    spec: c,
    version: { major: 1, minor, text: `1.${minor}` },
    distribution: c.distribution,
    role: c.role,
    nodes,
    controlPlane,
    zones,
    sites,
    storage,
    network: c.network,
    ingress: c.ingress,
    timing,
    timingOrigin: origin,
    objects: [],
  };
}

function normalizeControlPlane(
  c: ClusterSpec,
  cpNodes: Node[],
  cpAt: PathSegment[],
  topo: Topology,
  ctx: NormalizeContext,
  failoverOverride: number | undefined,
): ControlPlane {
  const cp = c.controlPlane;
  const topology = cp.managed ? "managed" : cp.etcd.topology;
  if (cp.managed && cp.etcd.topology !== "managed" && cp.etcd.members) {
    ctx.error([...cpAt, "etcd"], "conflict", "a managed control plane's etcd is run by the provider; remove controlPlane.etcd.members");
  }
  const members: EtcdMember[] = [];
  const byName = new Map(cpNodes.map((n) => [n.name, n]));
  if (topology === "stacked") {
    if (cp.etcd.members) {
      cp.etcd.members.forEach((m, i) => {
        if (m.node === undefined) {
          ctx.error([...cpAt, "etcd", "members", i], "conflict", "stacked etcd members run on control-plane nodes: set `node`, not `zone`", {
            suggestion: "or set etcd.topology: external for dedicated etcd hosts",
          });
          return;
        }
        const n = byName.get(m.node);
        if (!n) {
          ctx.unresolved([...cpAt, "etcd", "members", i, "node"], "control-plane node", m.node, [...byName.keys()]);
          return;
        }
        members.push({ name: m.name, node: n.name, zone: n.zone, site: n.site });
      });
    } else {
      for (const n of cpNodes) members.push({ name: n.name, node: n.name, zone: n.zone, site: n.site });
    }
  } else if (topology === "external") {
    if (!cp.etcd.members || cp.etcd.members.length === 0) {
      ctx.error([...cpAt, "etcd"], "missing-field", "external etcd needs `members` (each with a name and zone)");
    }
    (cp.etcd.members ?? []).forEach((m, i) => {
      if (m.node !== undefined) {
        const n = byName.get(m.node);
        if (!n) ctx.unresolved([...cpAt, "etcd", "members", i, "node"], "control-plane node", m.node, [...byName.keys()]);
        else members.push({ name: m.name, node: n.name, zone: n.zone, site: n.site });
        return;
      }
      const z = topo.zoneByName.get(m.zone!);
      if (!z) ctx.unresolved([...cpAt, "etcd", "members", i, "zone"], "zone", m.zone!, topo.zones.map((x) => x.name));
      else members.push({ name: m.name, zone: z.name, site: z.site });
    });
  } else if (topology === "embedded-sqlite" && cpNodes.length > 1) {
    ctx.error([...cpAt, "etcd", "topology"], "conflict", `embedded SQLite supports a single server, but cluster "${c.name}" has ${cpNodes.length} control-plane nodes`, {
      suggestion: "use etcd.topology: stacked (k3s --cluster-init embedded etcd) for several servers",
    });
  }
  if (cp.etcd.members) {
    const seen = new Set<string>();
    cp.etcd.members.forEach((m, i) => {
      if (seen.has(m.name)) ctx.error([...cpAt, "etcd", "members", i, "name"], "duplicate-name", `etcd member "${m.name}" is defined twice`);
      seen.add(m.name);
    });
  }

  let endpointKind: ControlPlane["endpoint"]["kind"];
  if (cp.endpoint) endpointKind = cp.endpoint.kind;
  else if (cp.managed) endpointKind = "cloud-lb";
  else if (cpNodes.length <= 1) endpointKind = "single-node";
  else {
    endpointKind = "single-node";
    ctx.error(cpAt, "missing-field", `cluster "${c.name}" has ${cpNodes.length} control-plane nodes but no \`endpoint\`: how do clients reach the API servers?`, {
      expected: "endpoint.kind: kube-vip | haproxy-keepalived | cloud-lb | dns | single-node",
      suggestion: "add `endpoint: { kind: kube-vip }` (a VIP that moves between control-plane nodes)",
    });
  }
  const instances = cp.endpoint?.instances ?? (endpointKind === "single-node" ? 1 : endpointKind === "cloud-lb" ? 2 : Math.max(1, cpNodes.length));
  const failoverMs = instances <= 1 || endpointKind === "single-node" ? Infinity : (failoverOverride ?? apiEndpointFailoverDefaultMs(endpointKind));
  return {
    managed: cp.managed,
    nodes: cpNodes,
    etcd: { topology, members },
    endpoint: { kind: endpointKind, instances, address: cp.endpoint?.address, failoverMs },
  };
}

function normalizeStorage(c: ClusterSpec, nodes: Node[], at: PathSegment[], ctx: NormalizeContext): StorageBackend[] {
  const backends = c.storage ?? [];
  ctx.duplicates(backends, (b) => b.name, (i) => [...at, "storage", i, "name"], "storage backend");
  const classOwner = new Map<string, string>();
  const nodeNames = new Set(nodes.map((n) => n.name));
  const workers = nodes.filter((n) => n.role !== "control-plane").map((n) => n.name);
  return backends.map((b, bi) => {
    b.storageClasses.forEach((sc, si) => {
      const owner = classOwner.get(sc);
      if (owner) ctx.error([...at, "storage", bi, "storageClasses", si], "duplicate-name", `storage class "${sc}" is already served by backend "${owner}"`);
      else classOwner.set(sc, b.name);
    });
    (b.nodes ?? []).forEach((n, ni) => {
      if (!nodeNames.has(n)) ctx.unresolved([...at, "storage", bi, "nodes", ni], "node", n, [...nodeNames]);
    });
    if (b.replication !== "none" && b.replicas < 2) {
      ctx.warn([...at, "storage", bi, "replication"], "conflict", `replication "${b.replication}" with a single replica keeps no second copy`, {
        suggestion: "set replicas: 3 (or replication: none)",
      });
    }
    const zonal = b.zonal ?? (b.provider === "cloud-block" || b.provider === "local");
    return {
      name: b.name,
      provider: b.provider,
      replicas: b.replicas,
      replication: b.replication,
      replicationLagMs: b.replicationLag ? parseDuration(b.replicationLag) : undefined,
      failureDomain: b.failureDomain,
      storageClasses: b.storageClasses,
      accessModes: b.accessModes,
      zonal,
      volumeBindingMode: b.volumeBindingMode ?? "Immediate",
      nodes: b.nodes ?? workers,
    };
  });
}

function resources(
  cap: { cpu: string | number; memory: string | number; pods: number; ephemeralStorage?: string | number; extended?: Record<string, string | number> } | undefined,
  fallback = DEFAULT_CONTROL_PLANE_CAPACITY,
): Resources {
  if (!cap) return { ...fallback, extended: {} };
  const extended: Record<string, number> = {};
  for (const [k, v] of Object.entries(cap.extended ?? {})) extended[k] = parseQuantity(v) ?? 0;
  return {
    cpu: parseQuantity(cap.cpu) ?? 0,
    memory: parseQuantity(cap.memory) ?? 0,
    pods: cap.pods,
    ephemeralStorage: cap.ephemeralStorage === undefined ? undefined : parseQuantity(cap.ephemeralStorage),
    extended,
  };
}
