/** Score normalisation helpers of the framework (`pkg/scheduler/framework/plugins/helper/normalize_score.go`). @module */

/** Max node score (`framework.MaxNodeScore`). */
export const MAX_NODE_SCORE = 100;

/**
 * `helper.DefaultNormalizeScore`: scales scores so the highest becomes `maxPriority` (integer
 * division), reversed when `reverse`; all-zero scores stay 0 (or all become `maxPriority` reversed).
 */
export function defaultNormalizeScore(maxPriority: number, reverse: boolean, scores: Float64Array, count: number): void {
  let max = 0;
  for (let i = 0; i < count; i++) if (scores[i]! > max) max = scores[i]!;
  if (max === 0) {
    if (reverse) for (let i = 0; i < count; i++) scores[i] = maxPriority;
    return;
  }
  for (let i = 0; i < count; i++) {
    const s = Math.trunc((maxPriority * scores[i]!) / max);
    scores[i] = reverse ? maxPriority - s : s;
  }
}
