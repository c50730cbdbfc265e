/**
 * Seeded randomness for sampled drills (`bounds: "sampled"`): where Kubernetes leaves a time to
 * chance — the node monitor's phase, when a lease was last renewed, a Raft election timeout drawn from
 * [T, 2T) — a sampled drill draws it; the default worst-case drill takes the upper bound. mulberry32:
 * one 32-bit word of state, so the same seed always gives the same drill.
 * @module
 */

export class DrillRng {
  private s: number;

  constructor(seed: number) {
    this.s = (seed ^ 0x9e3779b9) >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform in [min, max]. */
  between(min: number, max: number): number {
    return min + (max - min) * this.next();
  }
}
