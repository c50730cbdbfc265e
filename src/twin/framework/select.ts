/** Picking the node: kube-scheduler's `selectHost`. @module */
import type { Rng } from "../state/rng.js";

/**
 * `selectHost`: reservoir sampling among the nodes with the highest total — the k-th of them (in
 * node order) replaces the pick with probability 1/k, one `rand.Intn(k)` draw each, as kube-scheduler
 * draws for each top-scoring node it pops. Returns the index.
 */
export function selectHost(total: Float64Array, count: number, rng: Rng): number {
  let best = -Infinity;
  let ties = 0;
  for (let i = 0; i < count; i++) {
    const t = total[i]!;
    if (t > best) {
      best = t;
      ties = 1;
    } else if (t === best) ties++;
  }
  return nthTie(total, count, best, pickTie(ties, rng));
}

/** Which of `ties` top-scoring nodes the reservoir keeps (1-based): draws for k = 2..ties. */
export function pickTie(ties: number, rng: Rng): number {
  let sel = 1;
  for (let k = 2; k <= ties; k++) if (rng.intn(k) === 0) sel = k;
  return sel;
}

function nthTie(total: Float64Array, count: number, best: number, nth: number): number {
  let seen = 0;
  for (let i = 0; i < count; i++) if (total[i] === best && ++seen === nth) return i;
  return 0;
}
