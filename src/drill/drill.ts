/**
 * The drill engine's front door: `prepareDrill(fleet)` places every cluster's twin once; `run` plays
 * one scenario (with the fix for every objective it misses), `sweep` plays every single failure
 * domain plus the declared scenarios. Pure: fleet in, plain data out.
 * @module
 */
import type { Fleet, Scenario } from "../model/fleet.js";
import { findFix } from "./accounting/counterfactual.js";
import { ServiceRegistry } from "./accounting/services.js";
import { DEFAULT_HORIZON_MS, runScenario, type RunOptions } from "./run.js";
import { sweepScenarios, type SweepScenario } from "./scenarios/domains.js";
import { DrillModel } from "./state/model.js";
import { runSweep } from "./sweep.js";
import type { DrillOptions, ScenarioResult, SweepResult } from "./types.js";

export class Drill {
  readonly model: DrillModel;
  readonly registry: ServiceRegistry;
  readonly options: Required<Omit<DrillOptions, "cluster">> & { cluster?: string };

  constructor(
    readonly fleet: Fleet,
    opts: DrillOptions = {},
  ) {
    const seed = opts.seed ?? 1;
    if (!Number.isInteger(seed) || seed < 0) throw new Error(`seed must be a whole number ≥ 0, got ${seed}`);
    this.options = { seed, bounds: opts.bounds ?? "worst", horizonMs: opts.horizonMs ?? DEFAULT_HORIZON_MS, timeline: opts.timeline ?? true, fixes: opts.fixes ?? true, cluster: opts.cluster };
    this.model = new DrillModel(fleet, seed);
    this.registry = new ServiceRegistry(fleet, this.model);
  }

  private runOptions(timeline: boolean): RunOptions {
    return { seed: this.options.seed, worst: this.options.bounds === "worst", horizonMs: this.options.horizonMs, timeline };
  }

  /** Plays one scenario: timeline, every touched service's outcome, and fixes for missed objectives. */
  run(scenario: Scenario): ScenarioResult {
    const opts = this.runOptions(this.options.timeline);
    const { result, ds } = runScenario(this.model, this.registry, scenario, opts);
    if (this.options.fixes) {
      for (const o of result.services) {
        if (o.verdict !== "missed") continue;
        const fix = findFix(this.model, this.registry, scenario, opts, ds, o);
        if (fix) o.fix = fix;
      }
    }
    return result;
  }

  /** The sweep's scenarios in order: every node, zone, site, cluster, etcd member, API endpoint, then the declared ones. */
  scenarios(): SweepScenario[] {
    return sweepScenarios(this.fleet, this.options.cluster);
  }

  sweep(opts: { shard?: { index: number; count: number }; progress?: (done: number, total: number) => void; now?: () => number } = {}): SweepResult {
    return runSweep(this.model, this.registry, this.scenarios(), { ...this.runOptions(false), fixes: this.options.fixes, ...opts });
  }
}

export function prepareDrill(fleet: Fleet, opts: DrillOptions = {}): Drill {
  return new Drill(fleet, opts);
}

/** One scenario on a fleet (places the twins first). */
export function drillScenario(fleet: Fleet, scenario: Scenario, opts: DrillOptions = {}): ScenarioResult {
  return new Drill(fleet, opts).run(scenario);
}

/**
 * Every single failure domain and declared scenario of a fleet: each service's worst case, the
 * scenarios that cause it, and the objectives missed with the change that would meet them. For
 * `hactl assess`: pure data, no I/O.
 */
export function sweepFleet(fleet: Fleet, opts: DrillOptions & { shard?: { index: number; count: number } } = {}): SweepResult {
  return new Drill(fleet, { ...opts, timeline: false }).sweep({ shard: opts.shard });
}
