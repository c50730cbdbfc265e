/**
 * Statuses as kube-scheduler reports them: a filter result is a reason with a code (Unschedulable,
 * or UnschedulableAndUnresolvable when preemption cannot help), never an exception. Reasons are
 * interned to small integers so a filter returns a number; the texts are kube-scheduler's constants,
 * and the FitError message is assembled exactly like `framework.FitError.Error()`.
 * @module
 */

export const enum Code {
  Success = 0,
  Unschedulable = 1,
  UnschedulableAndUnresolvable = 2,
}

/** Filter / PreFilter result meaning "passed". */
export const PASS = 0;
/** PreFilter / PreScore result meaning "this plugin has nothing to do for this pod" (framework.Skip). */
export const SKIP = -1;

export interface Reason {
  id: number;
  /** kube-scheduler's reason texts (several for NodeResourcesFit: "Insufficient cpu", "Insufficient memory"). */
  texts: string[];
  code: Code;
  plugin: string;
}

const reasons: Reason[] = [{ id: 0, texts: [], code: Code.Success, plugin: "" }];
const byKey = new Map<string, number>();

/** Interns a reason and returns its id (> 0). */
export function reason(plugin: string, texts: string | string[], code: Code = Code.Unschedulable): number {
  const list = Array.isArray(texts) ? texts : [texts];
  const key = `${plugin}\u0000${code}\u0000${list.join("\u0000")}`;
  let id = byKey.get(key);
  if (id === undefined) {
    id = reasons.length;
    reasons.push({ id, texts: list, code, plugin });
    byKey.set(key, id);
  }
  return id;
}

export function reasonOf(id: number): Reason {
  return reasons[id]!;
}

/** `NoNodeAvailableMsg`. */
export const NO_NODE_AVAILABLE = (n: number) => `0/${n} nodes are available`;

/** Sorted `"<count> <reason>"` strings, like `FitError.Error()`'s `sortReasonsHistogram`. */
export function histogram(counts: ReadonlyMap<string, number>): string[] {
  const out: string[] = [];
  for (const [k, v] of counts) out.push(`${v} ${k}`);
  // Go's sort.Strings: byte-wise order.
  return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * The FitError message: `0/6 nodes are available: 3 Insufficient cpu, 3 node(s) didn't match pod
 * topology spread constraints.` With a PreFilter rejection the PreFilter message replaces the
 * histogram.
 */
export function fitErrorMessage(numAllNodes: number, counts: ReadonlyMap<string, number>, preFilterMsg?: string): string {
  let msg = `${NO_NODE_AVAILABLE(numAllNodes)}:`;
  if (preFilterMsg) msg += ` ${preFilterMsg}.`;
  else {
    const h = histogram(counts);
    if (h.length > 0) msg += ` ${h.join(", ")}.`;
  }
  return msg;
}
