/**
 * Failure drills (`spec.scenarios`): each step's target resolved to the node, zone, site, cluster,
 * etcd member, endpoint, storage node, traffic target or link it names. The same resolver turns
 * `hactl drill --fail node=w-3` into a target, so both report unknown names the same way.
 * @module
 */
import { suggest } from "../diagnostics.js";
import type { Cluster, FailureTarget, Scenario, ScenarioStep } from "../fleet.js";
import type { FailureTargetSpec, FleetSpec } from "../schema/fleet.js";
import { parseDuration } from "../units.js";
import type { NormalizeContext } from "./context.js";

/** Default kubelet shutdownGracePeriod assumed by a `shutdown` step. */
export const DEFAULT_SHUTDOWN_GRACE_MS = 30_000;

/** The target kinds of a failure step, in the order they are documented. */
export const TARGET_KINDS = ["node", "shutdown", "drain", "zone", "site", "cluster", "etcdMember", "endpoint", "storageNode", "gslbTarget", "partition", "latency"] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

/** What names a target can resolve against (a normalised Fleet fits this). */
export interface TargetEnv {
  clusters: readonly Pick<Cluster, "name" | "nodes" | "controlPlane" | "storage">[];
  zones: readonly { name: string }[];
  sites: readonly { name: string }[];
  hostnames: readonly { name: string; targets: readonly { cluster: string }[] }[];
}

export type Resolved = { target: FailureTarget } | { field: string; code: "unresolved-reference" | "conflict"; message: string; suggestion?: string };

/** Resolves one `fail`/`recover` object (exactly one target kind plus modifiers). */
export function resolveFailureTarget(spec: FailureTargetSpec, env: TargetEnv): Resolved {
  const kinds = TARGET_KINDS.filter((k) => spec[k] !== undefined);
  if (kinds.length !== 1) {
    return {
      field: kinds[1] ?? "",
      code: "conflict",
      message: kinds.length === 0 ? "a step needs one thing that fails" : `a step fails one thing, got ${kinds.join(" and ")}`,
      suggestion: `use exactly one of ${TARGET_KINDS.join(", ")} (split the rest into more steps)`,
    };
  }
  const kind = kinds[0]!;
  const scoped = spec.inCluster ? env.clusters.filter((c) => c.name === spec.inCluster) : env.clusters;
  if (spec.inCluster && scoped.length === 0) return unresolved("inCluster", "cluster", spec.inCluster, env.clusters.map((c) => c.name));
  const nodeIn = (name: string, field: string, pick: (c: TargetEnv["clusters"][number]) => string[] = (c) => c.nodes.map((n) => n.name)): { cluster: string } | Resolved => {
    const hits = scoped.filter((c) => pick(c).includes(name));
    if (hits.length === 1) return { cluster: hits[0]!.name };
    if (hits.length === 0) return unresolved(field, "node", name, scoped.flatMap(pick));
    return { field, code: "conflict", message: `"${name}" exists in clusters ${hits.map((c) => c.name).join(", ")}`, suggestion: `add inCluster: ${hits[0]!.name}` };
  };
  switch (kind) {
    case "node":
    case "shutdown":
    case "drain": {
      const node = spec[kind]!;
      const r = nodeIn(node, kind);
      if (!("cluster" in r)) return r;
      if (kind === "shutdown") return { target: { kind, cluster: r.cluster, node, gracePeriodMs: spec.gracePeriod ? parseDuration(spec.gracePeriod)! : DEFAULT_SHUTDOWN_GRACE_MS } };
      return { target: { kind, cluster: r.cluster, node } };
    }
    case "zone":
      return env.zones.some((z) => z.name === spec.zone) ? { target: { kind: "zone", zone: spec.zone! } } : unresolved("zone", "zone", spec.zone!, env.zones.map((z) => z.name));
    case "site":
      return env.sites.some((s) => s.name === spec.site) ? { target: { kind: "site", site: spec.site! } } : unresolved("site", "site", spec.site!, env.sites.map((s) => s.name));
    case "cluster":
      return env.clusters.some((c) => c.name === spec.cluster) ? { target: { kind: "cluster", cluster: spec.cluster! } } : unresolved("cluster", "cluster", spec.cluster!, env.clusters.map((c) => c.name));
    case "etcdMember": {
      const name = spec.etcdMember!;
      const r = nodeIn(name, "etcdMember", (c) => c.controlPlane.etcd.members.flatMap((m) => [m.name, ...(m.node && m.node !== m.name ? [m.node] : [])]));
      if (!("cluster" in r)) return r;
      const c = env.clusters.find((x) => x.name === r.cluster)!;
      const m = c.controlPlane.etcd.members.find((x) => x.name === name) ?? c.controlPlane.etcd.members.find((x) => x.node === name)!;
      return { target: { kind: "etcd-member", cluster: r.cluster, member: m.name } };
    }
    case "endpoint": {
      const c = env.clusters.find((x) => x.name === spec.endpoint);
      if (!c) return unresolved("endpoint", "cluster", spec.endpoint!, env.clusters.map((x) => x.name));
      return { target: { kind: "endpoint", cluster: c.name, instances: Math.min(spec.instances ?? 1, c.controlPlane.endpoint.instances) } };
    }
    case "storageNode": {
      const node = spec.storageNode!;
      const r = nodeIn(node, "storageNode", (c) => [...new Set(c.storage.flatMap((b) => b.nodes))]);
      if (!("cluster" in r)) return r;
      return { target: { kind: "storage-node", cluster: r.cluster, node } };
    }
    case "gslbTarget": {
      const [host, cluster] = spec.gslbTarget!.split("/") as [string, string];
      const h = env.hostnames.find((x) => x.name === host.toLowerCase().replace(/\.$/, ""));
      if (!h) return unresolved("gslbTarget", "traffic hostname", host, env.hostnames.map((x) => x.name));
      if (!h.targets.some((t) => t.cluster === cluster)) return unresolved("gslbTarget", `target of ${h.name}`, cluster, h.targets.map((t) => t.cluster));
      return { target: { kind: "gslb-target", hostname: h.name, cluster } };
    }
    case "partition": {
      const known = new Set([...env.sites.map((s) => s.name), ...env.zones.map((z) => z.name), ...env.clusters.flatMap((c) => c.nodes.map((n) => n.name)), "control-plane"]);
      for (const group of spec.partition!) for (const n of group) if (!known.has(n)) return unresolved("partition", "site, zone or node", n, [...known]);
      return { target: { kind: "partition", groups: spec.partition!.map((g) => [...g]) } };
    }
    case "latency": {
      const [a, b] = spec.latency!.between;
      const places = [...env.sites.map((s) => s.name), ...env.zones.map((z) => z.name)];
      for (const p of [a, b]) if (!places.includes(p)) return unresolved("latency", "site or zone", p, places);
      return { target: { kind: "latency", between: [a, b], rttMs: parseDuration(spec.latency!.rtt)! } };
    }
  }
}

function unresolved(field: string, noun: string, value: string, known: readonly string[]): Resolved {
  return { field, code: "unresolved-reference", message: `${noun} "${value}" does not exist`, suggestion: suggest(value, [...new Set(known)], noun) };
}

/** Normalises spec.scenarios: names resolved, steps sorted by time; unresolvable steps are reported and dropped. */
export function normalizeScenarios(spec: FleetSpec, env: TargetEnv, ctx: NormalizeContext): Scenario[] {
  const list = spec.scenarios ?? [];
  ctx.duplicates(list, (s) => s.name, (i) => ["spec", "scenarios", i, "name"], "scenario");
  return list.map((s, si) => {
    const steps: ScenarioStep[] = [];
    s.steps.forEach((step, i) => {
      const at = ["spec", "scenarios", si, "steps", i];
      const actions = (["fail", "recover", "outOfService"] as const).filter((k) => step[k] !== undefined);
      if (actions.length !== 1) {
        ctx.error(at, "conflict", actions.length === 0 ? "a step needs one of fail, recover or outOfService" : `a step does one thing, got ${actions.join(" and ")}`, {
          suggestion: "split it into steps with the same `at`",
        });
        return;
      }
      const atMs = parseDuration(step.at)!;
      if (step.outOfService !== undefined) {
        const r = resolveFailureTarget({ node: step.outOfService }, env);
        if ("target" in r) steps.push({ atMs, action: "out-of-service", target: r.target });
        else ctx.error([...at, "outOfService"], r.code, r.message, { suggestion: r.suggestion });
        return;
      }
      const key = actions[0] as "fail" | "recover";
      const r = resolveFailureTarget(step[key]!, env);
      if ("target" in r) steps.push({ atMs, action: key, target: r.target });
      else ctx.error(r.field ? [...at, key, r.field] : [...at, key], r.code, r.message, { suggestion: r.suggestion });
    });
    steps.sort((a, b) => a.atMs - b.atMs);
    return { name: s.name, description: s.description, steps };
  });
}
