/**
 * The discrete-event simulation: a virtual clock in milliseconds, the event queue, the timeline
 * and the choice between worst-case and sampled timings. Mechanisms schedule closures; after all
 * events of one instant have run, `settle` lets the accounting look at the new state once.
 * @module
 */
import { formatDuration } from "../../model/units.js";
import type { Mechanism, TimelineEntry } from "../types.js";
import { EventQueue } from "./queue.js";
import { DrillRng } from "./rng.js";

export interface SimOptions {
  horizonMs: number;
  /** Record timeline entries (their text is built only when true). */
  record: boolean;
  worst: boolean;
  seed: number;
}

export class Sim {
  now = 0;
  /** Time of the last event that ran. */
  last = 0;
  readonly timeline: TimelineEntry[] = [];
  readonly rng: DrillRng;
  private readonly queue = new EventQueue();
  private settleHooks: ((t: number) => void)[] = [];

  constructor(readonly opts: SimOptions) {
    this.rng = new DrillRng(opts.seed);
  }

  /** Runs `fn` at time `t` (not before now). */
  at(t: number, fn: () => void): void {
    this.queue.push(Math.max(t, this.now), fn);
  }

  after(dt: number, fn: () => void): void {
    this.at(this.now + dt, fn);
  }

  /** Open batches by time, then by key. */
  private readonly batches = new Map<number, Map<string, (() => void)[]>>();

  /**
   * Runs `fn` at `t` together with every other function given the same `t` and `key`, as one event
   * (in the order they were given): thousands of pods becoming ready at one instant cost one queue entry.
   */
  batch(t: number, key: string, fn: () => void): void {
    const at = Math.max(t, this.now);
    let byKey = this.batches.get(at);
    if (!byKey) {
      byKey = new Map();
      this.batches.set(at, byKey);
    }
    const list = byKey.get(key);
    if (list) {
      list.push(fn);
      return;
    }
    const fns = [fn];
    byKey.set(key, fns);
    this.queue.push(at, () => {
      const open = this.batches.get(at);
      if (open) {
        open.delete(key);
        if (open.size === 0) this.batches.delete(at);
      }
      for (const f of fns) f();
    });
  }

  /** Called after every instant, with the instant's time (accounting). */
  onSettle(hook: (t: number) => void): void {
    this.settleHooks.push(hook);
  }

  get recording(): boolean {
    return this.opts.record;
  }

  /** A timeline entry at now; `text` is only evaluated when recording. */
  note(mechanism: Mechanism, cluster: string | undefined, text: () => string): void {
    if (!this.opts.record) return;
    this.timeline.push({ atMs: this.now, at: formatDuration(this.now), mechanism, cluster, text: text() });
  }

  /** A duration within [min, max]: the upper bound in worst-case drills, a seeded draw otherwise. */
  pick(min: number, max: number): number {
    return this.opts.worst || max <= min ? max : Math.round(this.rng.between(min, max));
  }

  /** Runs events until none are left or the horizon is reached; returns the time of the last event. */
  run(): number {
    const q = this.queue;
    while (q.size > 0) {
      const t = q.peekTime();
      if (t > this.opts.horizonMs) break;
      this.now = t;
      this.last = t;
      while (q.size > 0 && q.peekTime() === t) q.pop()!.run();
      for (const h of this.settleHooks) h(t);
    }
    return this.last;
  }
}
