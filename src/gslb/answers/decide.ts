/**
 * The answer decision for one host name, record type and client region, from a health snapshot:
 * strategies failover / round-robin / weighted / geo, the all-down policy, drain and ramp, and the
 * TTL (lowered while degraded to the time until the next possible state change, as gdnsd's DYNA TTL).
 * Pure: the runtime precomputes a Plan per (name, type, region) whenever the snapshot changes, and
 * every Plan carries the sentence that explains it.
 * @module
 */
import type { GeoConfig, HostConfig, TargetConfig } from "../config/types.js";
import { TYPE } from "../dns/wire.js";

export type DrainPhase = "active" | "lowering" | "drained" | "ramping";

export interface TargetView {
  target: TargetConfig;
  /** Addresses that are up after quorum. */
  upAddresses: ReadonlySet<string>;
  phase: DrainPhase;
  /** Answer share 0–1 (1 unless ramping). */
  share: number;
  /** Any address failing, down, or not yet known. */
  degraded: boolean;
  /** Time until some address of it could change state (Infinity when steady). */
  nextChangeMs: number;
}

export interface Choice {
  /** Relative probability of this choice. */
  weight: number;
  addresses: string[];
  /** Target ids answered. */
  targets: string[];
}

export interface Plan {
  hostname: string;
  qtype: number;
  region?: string;
  strategy: HostConfig["strategy"];
  /** No addresses to give: NOERROR with an empty answer and the SOA (NODATA). */
  nodata: boolean;
  /** One is picked per response, by weight. */
  choices: Choice[];
  /** Rotate the addresses of a choice per response (round-robin across answers). */
  rotate: boolean;
  ttl: number;
  rule: string;
  ttlReason: string;
}

export interface DecideContext {
  minTtl: number;
  geo?: GeoConfig;
  /** Ramp step: the TTL while ramping is at most this (seconds). */
  rampStepS: number;
}

const isV6 = (a: string) => a.includes(":");

export function decide(host: HostConfig, views: readonly TargetView[], qtype: number, region: string | undefined, ctx: DecideContext): Plan {
  const v6 = qtype === TYPE.AAAA;
  const fam = (addrs: Iterable<string>) => [...addrs].filter((a) => isV6(a) === v6);
  const base = { hostname: host.name, qtype, region, strategy: host.strategy };
  const candidates = views.filter((v) => fam(v.target.addresses).length > 0);
  const { ttl, ttlReason } = ttlFor(host, views, ctx);
  if (candidates.length === 0) {
    return { ...base, nodata: true, choices: [], rotate: false, ttl, ttlReason, rule: `no target of ${host.name} has ${v6 ? "IPv6" : "IPv4"} addresses (NODATA)` };
  }
  const serving = candidates.filter((v) => v.phase !== "drained" && fam(v.upAddresses).length > 0 && v.share > 0);
  const live = (v: TargetView) => fam(v.target.addresses).filter((a) => v.upAddresses.has(a));

  if (serving.length === 0) return allDown(host, candidates, fam, base, ttl, ttlReason);

  switch (host.strategy) {
    case "weighted": {
      const choices = serving
        .map((v) => ({ weight: v.target.weight * v.share, addresses: live(v), targets: [v.target.id] }))
        .filter((c) => c.weight > 0);
      if (choices.length === 0) return allDown(host, candidates, fam, base, ttl, ttlReason);
      const total = choices.reduce((s, c) => s + c.weight, 0);
      const shares = choices.map((c) => `${c.targets[0]!.split("/")[1]} ${Math.round((c.weight / total) * 100)}%`).join(", ");
      return { ...base, nodata: false, choices, rotate: true, ttl, ttlReason, rule: `weighted: one target per answer (${shares})` };
    }
    case "round-robin": {
      const choices = withRamp(serving, live, (vs) => vs);
      return { ...base, nodata: false, choices, rotate: true, ttl, ttlReason, rule: `round-robin over ${serving.length} healthy target(s): ${names(serving)}${rampNote(serving)}` };
    }
    case "failover": {
      const groups = priorityGroups(serving);
      const first = groups[0]!;
      const choices = withRamp(first, live, (without) => (without.length > 0 ? without : (groups[1] ?? first)));
      const skipped = priorityGroups(candidates).filter((g) => g[0]!.target.priority < first[0]!.target.priority);
      const why = skipped.length > 0 ? `; priority ${skipped.map((g) => g[0]!.target.priority).join(", ")} ${skipped.length === 1 ? "has" : "have"} no healthy target (${names(skipped.flat())})` : "";
      return { ...base, nodata: false, choices, rotate: true, ttl, ttlReason, rule: `failover: priority ${first[0]!.target.priority} (${names(first)})${why}${rampNote(first)}` };
    }
    case "geo": {
      const order = region !== undefined ? ctx.geo?.order[region] : undefined;
      if (!order) {
        const choices = withRamp(serving, live, (vs) => vs);
        return { ...base, nodata: false, choices, rotate: true, ttl, ttlReason, rule: `geo: client in no known region; answering every healthy target (${names(serving)})` };
      }
      for (const r of order) {
        const inRegion = serving.filter((v) => v.target.region === r);
        if (inRegion.length === 0) continue;
        const rest = serving.filter((v) => v.target.region !== r);
        const choices = withRamp(inRegion, live, (without) => (without.length > 0 ? without : rest.length > 0 ? rest : inRegion));
        const via = r === region ? `client region ${r}` : `client region ${region} has no healthy target; nearest healthy region ${r} (order ${order.join(" → ")})`;
        return { ...base, nodata: false, choices, rotate: true, ttl, ttlReason, rule: `geo: ${via}: ${names(inRegion)}${rampNote(inRegion)}` };
      }
      const choices = withRamp(serving, live, (vs) => vs);
      return { ...base, nodata: false, choices, rotate: true, ttl, ttlReason, rule: `geo: no region in the order of ${region} has a healthy target; answering every healthy one` };
    }
  }
}

function allDown(host: HostConfig, candidates: readonly TargetView[], fam: (a: Iterable<string>) => string[], base: Pick<Plan, "hostname" | "qtype" | "region" | "strategy">, ttl: number, ttlReason: string): Plan {
  switch (host.allDown) {
    case "all": {
      // Route 53: when everything is unhealthy, treat everything as healthy. Drained targets stay out unless all are drained.
      const notDrained = candidates.filter((v) => v.phase !== "drained");
      const pool = notDrained.length > 0 ? notDrained : candidates;
      const addresses = pool.flatMap((v) => fam(v.target.addresses));
      return { ...base, nodata: false, choices: [{ weight: 1, addresses, targets: pool.map((v) => v.target.id) }], rotate: true, ttl, ttlReason, rule: `all down: answering every target (allDown: all) — ${names(pool)}` };
    }
    case "none":
      return { ...base, nodata: true, choices: [], rotate: false, ttl, ttlReason, rule: "all down: answering nothing (allDown: none, NODATA)" };
    case "fallback": {
      const addresses = fam(host.fallback);
      if (addresses.length === 0) return { ...base, nodata: true, choices: [], rotate: false, ttl, ttlReason, rule: "all down: fallback has no address of this type (NODATA)" };
      return { ...base, nodata: false, choices: [{ weight: 1, addresses, targets: ["fallback"] }], rotate: true, ttl, ttlReason, rule: `all down: answering the fallback ${addresses.join(", ")} (allDown: fallback)` };
    }
  }
}

/**
 * Ramping targets (share < 1) are answered with probability = their mean share; otherwise the
 * answer is `without(rest)` (the group without them, or the next group when nothing else is left).
 */
function withRamp(group: readonly TargetView[], live: (v: TargetView) => string[], without: (rest: TargetView[]) => readonly TargetView[]): Choice[] {
  const ramping = group.filter((v) => v.share < 1);
  const full: Choice = { weight: 1, addresses: group.flatMap(live), targets: group.map((v) => v.target.id) };
  if (ramping.length === 0) return [full];
  const share = ramping.reduce((s, v) => s + v.share, 0) / ramping.length;
  const others = without(group.filter((v) => v.share >= 1));
  const alt: Choice = { weight: 1 - share, addresses: others.flatMap(live), targets: others.map((v) => v.target.id) };
  full.weight = share;
  return alt.addresses.length > 0 && alt.weight > 0 ? [full, alt] : [{ ...full, weight: 1 }];
}

function priorityGroups(views: readonly TargetView[]): TargetView[][] {
  const byPriority = new Map<number, TargetView[]>();
  for (const v of views) {
    const g = byPriority.get(v.target.priority) ?? [];
    g.push(v);
    byPriority.set(v.target.priority, g);
  }
  return [...byPriority.entries()].sort((a, b) => a[0] - b[0]).map(([, g]) => g);
}

function ttlFor(host: HostConfig, views: readonly TargetView[], ctx: DecideContext): { ttl: number; ttlReason: string } {
  const floor = Math.min(ctx.minTtl, host.ttl);
  if (views.some((v) => v.phase === "lowering")) return { ttl: floor, ttlReason: `draining: TTL lowered to ${floor}s before the target is withdrawn` };
  if (views.some((v) => v.phase === "ramping")) {
    const t = Math.max(floor, Math.min(host.ttl, ctx.rampStepS));
    return { ttl: t, ttlReason: `ramping a target back: TTL ${t}s so each step of the ramp reaches clients` };
  }
  const degraded = views.filter((v) => v.degraded);
  if (degraded.length === 0) return { ttl: host.ttl, ttlReason: "steady: configured TTL" };
  const next = Math.min(...degraded.map((v) => v.nextChangeMs));
  const t = Math.max(floor, Math.min(host.ttl, Math.ceil(next / 1000)));
  return { ttl: t, ttlReason: `degraded (${names(degraded)}): TTL = time to the next possible state change (${Math.ceil(next / 1000)}s), floor ${floor}s` };
}

function names(vs: readonly TargetView[]): string {
  return vs.map((v) => v.target.cluster).join(", ");
}

function rampNote(vs: readonly TargetView[]): string {
  const r = vs.filter((v) => v.share < 1);
  return r.length === 0 ? "" : `; ramping ${r.map((v) => `${v.target.cluster} at ${Math.round(v.share * 100)}%`).join(", ")}`;
}
