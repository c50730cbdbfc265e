/**
 * The undo log behind cheap snapshots: while a snapshot is held, every primitive mutation of the
 * cluster state records its inverse. Restoring pops inverses back to the snapshot's mark, so a
 * what-if costs only what it changed — no copy of 5,000 nodes and 150,000 pods.
 *
 * The frequent inverses (a bind, an unbind, a pod's version numbers, ...) are recorded as an op code
 * with three numbers and up to three objects in preallocated arrays, applied by the cluster state:
 * a drill's zone scenario records hundreds of thousands of them, and closures would all live until
 * the restore (costly to the garbage collector). Rare ones are closures.
 * @module
 */

/** Op codes of recorded inverses (see `ClusterState.undoOne`). */
export const enum UndoOp {
  Closure = 0,
  /** Node a's version back to b, its block's to c and its zone's in the block to d. */
  Versions = 1,
  /** Unbind pod r0 and give it back Pending reason r1 (inverse of a bind). */
  Unbind = 2,
  /** Bind pod r0 to node a at position b of its pod list (inverse of an unbind). */
  Rebind = 3,
  /** Pod r0's terminating flag back to a (1 / 0). */
  Terminating = 4,
  /** Pod r0's Pending reason back to r1. */
  Pending = 5,
  /** Forget pod r0 created with kind r1, putting back r2 under its ref (inverse of addPod). */
  AddPod = 6,
  /** Pod r0 exists again (inverse of deletePod). */
  Undelete = 7,
}

export type UndoApply = (op: UndoOp, a: number, b: number, c: number, d: number, r0: unknown, r1: unknown, r2: unknown) => void;

/** Numbers per entry: the op code and four arguments. */
const STRIDE = 5;

export class UndoLog {
  private ops = new Int32Array(STRIDE * 1024);
  private refs: unknown[] = [];
  private size = 0;
  private held = 0;
  private replaying = false;

  /** True while a snapshot is held and not replaying: mutations must record their inverse. */
  get recording(): boolean {
    return this.held > 0 && !this.replaying;
  }

  /** A snapshot is held. */
  get holding(): boolean {
    return this.held > 0;
  }

  /** Records an inverse given as a closure (rare operations). */
  record(inverse: () => void): void {
    if (this.held > 0 && !this.replaying) this.push(UndoOp.Closure, 0, 0, 0, 0, inverse, undefined, undefined);
  }

  /** Records an inverse as an op code (see {@link UndoOp}); the caller checks `recording`. */
  push(op: UndoOp, a: number, b: number, c: number, d: number, r0: unknown, r1: unknown, r2: unknown): void {
    const i = this.size++;
    if (STRIDE * this.size > this.ops.length) {
      const g = new Int32Array(this.ops.length * 2);
      g.set(this.ops);
      this.ops = g;
    }
    const o = STRIDE * i;
    this.ops[o] = op;
    this.ops[o + 1] = a;
    this.ops[o + 2] = b;
    this.ops[o + 3] = c;
    this.ops[o + 4] = d;
    const refs = this.refs;
    refs[3 * i] = r0;
    refs[3 * i + 1] = r1;
    refs[3 * i + 2] = r2;
  }

  mark(): number {
    this.held++;
    return this.size;
  }

  release(): void {
    if (this.held > 0) this.held--;
    if (this.held === 0) {
      this.size = 0;
      this.refs.length = 0;
    }
  }

  /** Undoes every mutation recorded after `mark`, newest first; op codes go to `apply`. */
  rewind(mark: number, apply: UndoApply): void {
    this.replaying = true;
    try {
      const ops = this.ops;
      const refs = this.refs;
      while (this.size > mark) {
        const i = --this.size;
        const o = STRIDE * i;
        const r0 = refs[3 * i];
        const r1 = refs[3 * i + 1];
        const r2 = refs[3 * i + 2];
        // Let go of the objects (the arrays keep their length for the next what-if).
        refs[3 * i] = refs[3 * i + 1] = refs[3 * i + 2] = undefined;
        const op = ops[o]! as UndoOp;
        if (op === UndoOp.Closure) (r0 as () => void)();
        else apply(op, ops[o + 1]!, ops[o + 2]!, ops[o + 3]!, ops[o + 4]!, r0, r1, r2);
      }
    } finally {
      this.replaying = false;
    }
  }

  get length(): number {
    return this.size;
  }
}
