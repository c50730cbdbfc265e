/** Picking the node: kube-scheduler's `selectHost`. @module */
import type { Rng } from "../state/rng.js";

/**
 * `selectHost`: a uniformly random node among those with the highest total (in node order), as
 * kube-scheduler's reservoir sampling gives. Returns the index.
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

/**
 * Which of `ties` top-scoring nodes to take (1-based): one seeded uniform draw. kube-scheduler's
 * reservoir sampling (one `rand.Intn(k)` per tie) picks with the same uniform distribution; one draw
 * keeps runs reproducible without costing a draw per node when hundreds of empty nodes tie.
 */
export function pickTie(ties: number, rng: Rng): number {
  return ties <= 1 ? 1 : 1 + rng.intn(ties);
}

function nthTie(total: Float64Array, count: number, best: number, nth: number): number {
  let seen = 0;
  for (let i = 0; i < count; i++) if (total[i] === best && ++seen === nth) return i;
  return 0;
}
