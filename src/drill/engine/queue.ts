/**
 * The drill's event queue: a binary min-heap ordered by time, then by insertion order, so events at
 * the same millisecond run in the order they were scheduled — the simulation is deterministic.
 * @module
 */

export interface QueuedEvent {
  /** Virtual time in ms. */
  t: number;
  /** Insertion order (tie-break). */
  seq: number;
  run: () => void;
}

export class EventQueue {
  private readonly heap: QueuedEvent[] = [];
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  push(t: number, run: () => void): void {
    const e = { t, seq: this.seq++, run };
    const h = this.heap;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(e, h[parent]!)) break;
      h[i] = h[parent]!;
      i = parent;
    }
    h[i] = e;
  }

  /** Time of the next event (Infinity when empty). */
  peekTime(): number {
    return this.heap.length === 0 ? Infinity : this.heap[0]!.t;
  }

  pop(): QueuedEvent | undefined {
    const h = this.heap;
    if (h.length === 0) return undefined;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) {
      let i = 0;
      const n = h.length;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && before(h[r]!, h[l]!) ? r : l;
        if (!before(h[c]!, last)) break;
        h[i] = h[c]!;
        i = c;
      }
      h[i] = last;
    }
    return top;
  }
}

function before(a: QueuedEvent, b: QueuedEvent): boolean {
  return a.t < b.t || (a.t === b.t && a.seq < b.seq);
}
