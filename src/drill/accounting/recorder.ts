/**
 * Incremental accounting: mechanisms mark the services they touch; after every instant the recorder
 * evaluates only those and keeps each one's history of levels (down, degraded, up) with the recovery
 * chain that brought it back. Services the scenario never touched cost nothing.
 * @module
 */
import type { Segment, Window } from "../types.js";

export const DOWN = 0;
export const DEGRADED = 1;
export const UP = 2;
export type Level = 0 | 1 | 2;

export interface Change {
  t: number;
  level: Level;
  /** The chain that caused an improvement (a pod became ready, a replica was promoted, DNS moved). */
  cause?: Segment[];
}

export class Recorder {
  readonly history = new Map<string, Change[]>();
  private readonly dirty = new Map<string, Segment[] | undefined>();

  constructor(private readonly evaluate: (id: string) => Level) {}

  touch(id: string, cause?: Segment[]): void {
    const prev = this.dirty.get(id);
    // Several changes in one instant: keep the cause that carries a chain (the one that improved things).
    if (!this.dirty.has(id) || (cause && cause.length > 0) || prev === undefined) this.dirty.set(id, cause && cause.length > 0 ? cause : prev);
  }

  private settleAt = 0;

  /** One touched service at `settleAt` (a bound callback: iterating the map makes no entry arrays). */
  private readonly settleOne = (cause: Segment[] | undefined, id: string): void => {
    const t = this.settleAt;
    const level = this.evaluate(id);
    let h = this.history.get(id);
    if (!h) {
      h = [{ t: -Infinity, level: UP }];
      this.history.set(id, h);
    }
    const last = h[h.length - 1]!;
    if (last.level === level) return;
    h.push({ t, level, cause: level > last.level ? cause : undefined });
  };

  /** Evaluates the services touched at `t`. */
  settle(t: number): void {
    if (this.dirty.size === 0) return;
    this.settleAt = t;
    this.dirty.forEach(this.settleOne);
    this.dirty.clear();
  }

  touched(): string[] {
    return [...this.history.keys()].filter((id) => this.history.get(id)!.length > 1);
  }
}

export interface Windows {
  unavailable: Window[];
  degraded: Window[];
  /** End of the last unavailable window and the chain that ended it. */
  recovered?: Change;
  /** Back to full capacity, and how. */
  restored?: Change;
}

/** Windows of a history: unavailable where level is DOWN, degraded where DEGRADED. */
export function windowsOf(h: readonly Change[]): Windows {
  const unavailable: Window[] = [];
  const degraded: Window[] = [];
  let recovered: Change | undefined;
  let restored: Change | undefined;
  for (let i = 1; i < h.length; i++) {
    const c = h[i]!;
    const next = h[i + 1];
    const end = next ? next.t : Infinity;
    if (c.level === DOWN) {
      unavailable.push({ startMs: c.t, endMs: end });
      if (next) recovered = next;
    } else if (c.level === DEGRADED) degraded.push({ startMs: c.t, endMs: end });
    if (c.level !== UP && next?.level === UP) restored = next;
  }
  return { unavailable, degraded, recovered, restored };
}
