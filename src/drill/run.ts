/**
 * Runs one scenario on the placed twins: snapshot every twin, wire the mechanisms into a fresh world,
 * apply the steps at their times, run the clock until nothing changes any more (or the horizon), read
 * each touched service's outcome, and restore the twins exactly.
 * @module
 */
import type { Scenario } from "../model/fleet.js";
import { Sim } from "./engine/sim.js";
import { outcomeOf } from "./accounting/outcome.js";
import type { ServiceRegistry } from "./accounting/services.js";
import { level, reactWorkload } from "./accounting/status.js";
import { commitRtt, STRETCHED_ETCD_MS } from "./mechanisms/control-plane.js";
import { reactData } from "./mechanisms/data-services.js";
import { onNewLeader } from "./mechanisms/node-lifecycle.js";
import { refreshLeases } from "./mechanisms/nodes.js";
import { reactHost } from "./mechanisms/traffic.js";
import { applyStep } from "./scenarios/apply.js";
import { describeStep } from "./scenarios/describe.js";
import { DRILL_SIMPLIFICATIONS } from "./simplifications.js";
import { DrillSim, type Tweaks } from "./state/drill-sim.js";
import type { DrillModel } from "./state/model.js";
import type { ScenarioResult, ServiceOutcome } from "./types.js";

export const DEFAULT_HORIZON_MS = 24 * 3600_000;

export interface RunOptions {
  seed: number;
  worst: boolean;
  horizonMs: number;
  timeline: boolean;
}

/** What a run leaves besides the outcomes: the world, for counterfactuals that need to look inside. */
export interface Run {
  result: ScenarioResult;
  ds: DrillSim;
}

export function runScenario(model: DrillModel, registry: ServiceRegistry, scenario: Scenario, opts: RunOptions, tweaks: Tweaks = {}): Run {
  const snaps = [...model.clusters.values()].map((c) => ({ twin: c.twin, snap: c.twin.snapshot() }));
  try {
    const sim = new Sim({ horizonMs: opts.horizonMs, record: opts.timeline, worst: opts.worst, seed: opts.seed });
    const ds = new DrillSim(sim, model, registry, tweaks);
    ds.evaluate = (id) => level(ds, id);
    ds.reactors.set("data", (id) => reactData(ds, id));
    ds.reactors.set("hostname", (id) => reactHost(ds, id));
    ds.reactors.set("workload", (id) => reactWorkload(ds, id));
    ds.hooks = { onNewControllerLeader: onNewLeader, onApiReachability: (d, cs) => refreshLeases(d, cs) };
    if (!opts.worst) for (const cs of ds.clusters.values()) cs.monitorAnchor = -Math.floor(sim.rng.next() * cs.model.timing.nodeMonitorPeriodMs);
    for (const cs of ds.clusters.values()) {
      const rtt = commitRtt(ds, cs);
      if (rtt >= STRETCHED_ETCD_MS) ds.notes.push(`etcd of ${cs.name} commits across ${Math.round(rtt)} ms (≥ ${STRETCHED_ETCD_MS} ms): every write waits for it, leaders churn on jitter, and an election takes that round trip longer`);
    }
    for (const step of scenario.steps) sim.at(step.atMs, () => applyStep(ds, step));
    const endedAtMs = sim.run();
    const services: ServiceOutcome[] = [];
    for (const id of ds.recorder.touched()) {
      const def = registry.byId.get(id);
      if (def) services.push(outcomeOf(ds, def, ds.recorder.history.get(id)!));
    }
    services.sort(compareOutcomes);
    const notes = [...ds.notes, ...[...model.clusters.values()].flatMap((c) => c.notes)];
    if (endedAtMs >= opts.horizonMs) notes.push(`the drill stopped at its horizon (${Math.round(opts.horizonMs / 3600_000)}h) with events still pending`);
    const result: ScenarioResult = {
      scenario: scenario.name,
      description: scenario.description,
      steps: scenario.steps.map(describeStep),
      endedAtMs,
      horizonMs: opts.horizonMs,
      timeline: sim.timeline,
      services,
      unaffected: registry.list.length - services.length,
      missed: services.filter((s) => s.verdict === "missed").map((s) => s.id),
      notes,
      simplifications: [...DRILL_SIMPLIFICATIONS],
    };
    return { result, ds };
  } finally {
    for (const { twin, snap } of snaps.reverse()) {
      twin.restore(snap);
      twin.release(snap);
    }
  }
}

/** Missed objectives first, then the longest RTO, capacity RTO and RPO; then by id (stable). */
export function compareOutcomes(a: ServiceOutcome, b: ServiceOutcome): number {
  const v = (x: ServiceOutcome) => (x.verdict === "missed" ? 0 : x.verdict === "lost" ? 1 : 2);
  return v(a) - v(b) || b.rtoMs - a.rtoMs || b.capacityRtoMs - a.capacityRtoMs || b.rpoMs - a.rpoMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
