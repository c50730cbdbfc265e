/**
 * Sweeps: every single failure domain and every declared scenario on one placed twin per cluster,
 * summarised per scenario and as each service's worst case (each figure with the scenario behind it),
 * plus the fix for every objective missed. Shards (`--shard k/N`) take every N-th scenario; merging
 * their results gives exactly the result of one sweep (ties go to the earlier scenario everywhere).
 * @module
 */
import { formatDuration } from "../model/units.js";
import { findFix } from "./accounting/counterfactual.js";
import { runScenario, type RunOptions } from "./run.js";
import type { ServiceRegistry } from "./accounting/services.js";
import type { SweepScenario } from "./scenarios/domains.js";
import { DRILL_SIMPLIFICATIONS } from "./simplifications.js";
import type { DrillModel } from "./state/model.js";
import type { Fix, ServiceOutcome, SweepEntry, SweepResult, WorstRow } from "./types.js";

export interface SweepRunOptions extends RunOptions {
  fixes: boolean;
  shard?: { index: number; count: number };
  /** Called after each scenario (progress bars). */
  progress?: (done: number, total: number) => void;
  now?: () => number;
}

export function runSweep(model: DrillModel, registry: ServiceRegistry, list: readonly SweepScenario[], opts: SweepRunOptions): SweepResult {
  const now = opts.now ?? (() => performance.now());
  const t0 = now();
  const entries: SweepEntry[] = [];
  const worst = new Map<string, WorstRow>();
  const beyond = new Map<string, WorstRow>();
  const notes = new Set<string>();
  const mine = list.map((s, i) => ({ s, i })).filter(({ i }) => !opts.shard || i % opts.shard.count === opts.shard.index - 1);
  let done = 0;
  for (const { s, i } of mine) {
    const { result } = runScenario(model, registry, s.scenario, { ...opts, timeline: false });
    const top = result.services.filter((o) => o.rtoMs > 0 && o.verdict !== "lost").sort((a, b) => b.rtoMs - a.rtoMs)[0];
    entries.push({
      index: i,
      scenario: s.scenario.name,
      domain: s.domain,
      description: s.scenario.description ?? s.scenario.name,
      inScope: s.inScope,
      affected: result.services.length,
      worstRtoMs: top?.rtoMs ?? 0,
      ...(top ? { worstService: top.id } : {}),
      missed: result.services.filter((o) => o.verdict === "missed").map(missedRow),
      lost: result.services.filter((o) => o.verdict === "lost").map((o) => o.id),
      notes: result.notes.filter((n) => n.startsWith("drain ")),
    });
    for (const n of result.notes) if (!n.startsWith("drain ")) notes.add(n);
    for (const o of result.services) accumulate(s.inScope && o.verdict !== "lost" ? worst : beyond, o, s.scenario.name, i);
    opts.progress?.(++done, mine.length);
  }
  const rows = [...worst.values()];
  if (opts.fixes) attachFixes(model, registry, list, rows, opts);
  const elapsedMs = Math.round(now() - t0);
  return finish({
    fleet: model.fleet.name,
    seed: opts.seed,
    bounds: opts.worst ? "worst" : "sampled",
    horizonMs: opts.horizonMs,
    ...(opts.shard ? { shard: opts.shard } : {}),
    total: list.length,
    entries,
    worstPerService: rows,
    exposure: [...beyond.values()],
    missed: [],
    notes: [...notes].sort(),
    simplifications: [...DRILL_SIMPLIFICATIONS],
    stats: { scenarios: entries.length, elapsedMs, scenariosPerSecond: elapsedMs > 0 ? Math.round((entries.length / elapsedMs) * 1000) : entries.length },
  });
}

function missedRow(o: ServiceOutcome): SweepEntry["missed"][number] {
  return { id: o.id, name: o.name, rtoMs: o.rtoMs, rpoMs: o.rpoMs, capacityRtoMs: o.capacityRtoMs, mechanism: o.mechanism, reasons: o.reasons, ...(o.unbounded ? { unbounded: o.unbounded } : {}) };
}

/** Keeps, per figure, the larger value; on a tie the earlier scenario (scenarios run in index order). */
function accumulate(worst: Map<string, WorstRow>, o: ServiceOutcome, scenario: string, i: number): void {
  let w = worst.get(o.id);
  if (!w) {
    w = { id: o.id, name: o.name, kind: o.kind, clusters: o.clusters, objective: o.objective, rtoMs: -1, rtoIndex: -1, rtoMechanism: "", capacityRtoMs: -1, capacityIndex: -1, capacityMechanism: "", rpoMs: -1, rpoIndex: -1, rpoBasis: "", verdict: "met", reasons: [] };
    worst.set(o.id, w);
  }
  if (o.rtoMs > w.rtoMs) Object.assign(w, { rtoMs: o.rtoMs, rtoScenario: scenario, rtoIndex: i, rtoMechanism: o.mechanism, rtoUnbounded: Number.isFinite(o.rtoMs) ? undefined : o.unbounded });
  if (o.capacityRtoMs > w.capacityRtoMs) Object.assign(w, { capacityRtoMs: o.capacityRtoMs, capacityScenario: scenario, capacityIndex: i, capacityMechanism: o.mechanism, capacityUnbounded: Number.isFinite(o.capacityRtoMs) ? undefined : o.unbounded });
  if (o.rpoMs > w.rpoMs) Object.assign(w, { rpoMs: o.rpoMs, rpoScenario: scenario, rpoIndex: i, rpoBasis: o.rpoBasis });
}

/** The scenario that decides a row's verdict: its worst RTO when that misses, else its worst RPO. */
function decisive(w: WorstRow): number {
  return w.rtoMs > w.objective.rtoMs ? w.rtoIndex : w.rpoIndex;
}

function verdictOf(w: WorstRow): void {
  const o = w.objective;
  w.reasons = [];
  if (w.rtoMs > o.rtoMs) w.reasons.push(`RTO ${formatDuration(w.rtoMs)} in ${w.rtoScenario} > objective ${formatDuration(o.rtoMs)} (${o.source})`);
  if (w.rpoMs > o.rpoMs) w.reasons.push(`RPO ${w.rpoMs === Infinity ? "everything" : formatDuration(w.rpoMs)} in ${w.rpoScenario} > objective ${formatDuration(o.rpoMs)} (${o.source})`);
  w.verdict = w.reasons.length > 0 ? "missed" : "met";
}

function attachFixes(model: DrillModel, registry: ServiceRegistry, list: readonly SweepScenario[], rows: WorstRow[], opts: SweepRunOptions): void {
  const byScenario = new Map<number, WorstRow[]>();
  for (const w of rows) {
    verdictOf(w);
    if (w.verdict !== "missed") continue;
    const i = decisive(w);
    byScenario.set(i, [...(byScenario.get(i) ?? []), w]);
  }
  for (const [i, ws] of [...byScenario].sort((a, b) => a[0] - b[0])) {
    const s = list[i]!.scenario;
    const { result, ds } = runScenario(model, registry, s, { ...opts, timeline: false });
    for (const w of ws) {
      const o = result.services.find((x) => x.id === w.id);
      const fix: Fix | undefined = o ? findFix(model, registry, s, opts, ds, o) : undefined;
      if (fix) w.fix = { ...fix, scenario: s.name };
    }
  }
}

/** Sorts rows and entries, computes verdicts and the list of objectives missed (shared by sweep and merge). */
function finish(r: SweepResult): SweepResult {
  for (const w of r.worstPerService) {
    verdictOf(w);
    for (const k of ["rtoUnbounded", "capacityUnbounded", "fix"] as const) if (w[k] === undefined) delete w[k];
  }
  r.entries.sort((a, b) => a.index - b.index);
  r.worstPerService.sort((a, b) => (a.verdict === b.verdict ? 0 : a.verdict === "missed" ? -1 : 1) || b.rtoMs - a.rtoMs || b.rpoMs - a.rpoMs || (a.id < b.id ? -1 : 1));
  for (const w of r.exposure) {
    w.verdict = "met";
    w.reasons = [];
    for (const k of ["rtoUnbounded", "capacityUnbounded", "fix"] as const) if (w[k] === undefined) delete w[k];
  }
  r.exposure.sort((a, b) => b.rtoMs - a.rtoMs || b.rpoMs - a.rpoMs || (a.id < b.id ? -1 : 1));
  r.missed = r.entries.filter((e) => e.inScope).flatMap((e) => e.missed.map((m) => ({ ...m, scenario: e.scenario })));
  return r;
}

/**
 * Merges shard results (`hactl drill merge`): entries by scenario index, each service's worst figures
 * by value (ties: the earlier scenario), and the fix computed for the scenario that decides the merged
 * verdict. merge(shards) equals the unsharded sweep.
 */
export function mergeSweeps(parts: readonly SweepResult[]): SweepResult {
  if (parts.length === 0) throw new Error("nothing to merge");
  const first = parts[0]!;
  for (const p of parts) {
    if (p.fleet !== first.fleet || p.total !== first.total || p.seed !== first.seed || p.bounds !== first.bounds) {
      throw new Error(`cannot merge results of different sweeps: ${first.fleet} (${first.total} scenarios, seed ${first.seed}, ${first.bounds}) and ${p.fleet} (${p.total} scenarios, seed ${p.seed}, ${p.bounds})`);
    }
  }
  const seen = new Set<number>();
  const entries: SweepEntry[] = [];
  for (const p of parts) for (const e of p.entries) if (!seen.has(e.index)) {
    seen.add(e.index);
    entries.push(e);
  }
  const fixes: (NonNullable<WorstRow["fix"]> & { index: number; id: string })[] = [];
  for (const p of parts) for (const w of p.worstPerService) if (w.fix) fixes.push({ ...w.fix, index: decisive(w), id: w.id });
  const rows = mergeRows(parts.map((p) => p.worstPerService));
  const exposure = mergeRows(parts.map((p) => p.exposure));
  for (const m of rows.values()) {
    verdictOf(m);
    if (m.verdict !== "missed") continue;
    const f = fixes.find((x) => x.id === m.id && x.index === decisive(m));
    if (f) {
      const { index: _i, id: _id, ...fix } = f;
      m.fix = fix;
    } else delete m.fix;
  }
  const elapsedMs = parts.reduce((a, p) => a + p.stats.elapsedMs, 0);
  return finish({
    fleet: first.fleet,
    seed: first.seed,
    bounds: first.bounds,
    horizonMs: first.horizonMs,
    total: first.total,
    entries,
    worstPerService: [...rows.values()],
    exposure: [...exposure.values()],
    missed: [],
    notes: [...new Set(parts.flatMap((p) => p.notes))].sort(),
    simplifications: first.simplifications,
    stats: { scenarios: entries.length, elapsedMs, scenariosPerSecond: elapsedMs > 0 ? Math.round((entries.length / elapsedMs) * 1000) : entries.length },
  });
}

/** Reads a sweep result written as JSON (`-o json`): `null` durations are unbounded (Infinity). */
export function parseSweepJson(text: string): SweepResult {
  const r = JSON.parse(text, (k, v) => (v === null && /Ms$/.test(k) ? Infinity : v)) as SweepResult;
  if (!r || typeof r !== "object" || !Array.isArray(r.entries) || !Array.isArray(r.worstPerService) || typeof r.total !== "number") {
    throw new Error("not a drill sweep result (expected the JSON of `hactl drill --sweep -o json`)");
  }
  return r;
}

/** Per service, the larger of each figure over the parts (ties: the earlier scenario). */
function mergeRows(parts: readonly (readonly WorstRow[])[]): Map<string, WorstRow> {
  const rows = new Map<string, WorstRow>();
  const better = (v: number, i: number, mv: number, mi: number) => v > mv || (v === mv && i < mi);
  for (const list of parts) {
    for (const w of list) {
      const m = rows.get(w.id);
      if (!m) {
        const { fix: _f, ...rest } = w;
        rows.set(w.id, { ...rest });
        continue;
      }
      if (better(w.rtoMs, w.rtoIndex, m.rtoMs, m.rtoIndex)) Object.assign(m, { rtoMs: w.rtoMs, rtoScenario: w.rtoScenario, rtoIndex: w.rtoIndex, rtoMechanism: w.rtoMechanism, rtoUnbounded: w.rtoUnbounded });
      if (better(w.capacityRtoMs, w.capacityIndex, m.capacityRtoMs, m.capacityIndex)) Object.assign(m, { capacityRtoMs: w.capacityRtoMs, capacityScenario: w.capacityScenario, capacityIndex: w.capacityIndex, capacityMechanism: w.capacityMechanism, capacityUnbounded: w.capacityUnbounded });
      if (better(w.rpoMs, w.rpoIndex, m.rpoMs, m.rpoIndex)) Object.assign(m, { rpoMs: w.rpoMs, rpoScenario: w.rpoScenario, rpoIndex: w.rpoIndex, rpoBasis: w.rpoBasis });
    }
  }
  return rows;
}
