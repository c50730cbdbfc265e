/**
 * Label selectors with exact Kubernetes semantics (apimachinery `metav1.LabelSelectorAsSelector`):
 * matchLabels AND matchExpressions (In, NotIn, Exists, DoesNotExist); an empty selector `{}` matches
 * everything, a missing (null) selector matches nothing. Service-style selectors are plain maps.
 * @module
 */

export interface LabelSelectorRequirement {
  key: string;
  operator: "In" | "NotIn" | "Exists" | "DoesNotExist";
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

/** A compiled selector: `matches(labels)`; `empty` when it selects everything. */
export interface Selector {
  matches(labels: Readonly<Record<string, string>>): boolean;
  /** True for `{}`: selects every object. */
  readonly empty: boolean;
  /** True for a null selector: selects nothing. */
  readonly nothing: boolean;
  readonly requirements: readonly LabelSelectorRequirement[];
}

const NOTHING: Selector = { matches: () => false, empty: false, nothing: true, requirements: [] };

/** Problems that make a selector invalid (the API server would reject it). */
export function selectorErrors(sel: unknown): string[] {
  if (sel === null || sel === undefined) return [];
  if (typeof sel !== "object" || Array.isArray(sel)) return ["selector must be a mapping"];
  const errors: string[] = [];
  const s = sel as LabelSelector;
  for (const [i, r] of (s.matchExpressions ?? []).entries()) {
    if (!r || typeof r.key !== "string") errors.push(`matchExpressions[${i}].key is missing`);
    else if (!["In", "NotIn", "Exists", "DoesNotExist"].includes(r.operator)) errors.push(`matchExpressions[${i}].operator "${String(r.operator)}" is not one of In, NotIn, Exists, DoesNotExist`);
    else if ((r.operator === "In" || r.operator === "NotIn") && !(r.values && r.values.length > 0)) errors.push(`matchExpressions[${i}] with ${r.operator} needs non-empty values`);
    else if ((r.operator === "Exists" || r.operator === "DoesNotExist") && r.values && r.values.length > 0) errors.push(`matchExpressions[${i}] with ${r.operator} must not have values`);
  }
  return errors;
}

/** Compiles a metav1.LabelSelector. `null`/`undefined` selects nothing; invalid requirements select nothing. */
export function compileSelector(sel: LabelSelector | null | undefined): Selector {
  if (sel === null || sel === undefined || typeof sel !== "object") return NOTHING;
  if (selectorErrors(sel).length > 0) return NOTHING;
  const reqs: LabelSelectorRequirement[] = [];
  for (const [key, value] of Object.entries(sel.matchLabels ?? {})) reqs.push({ key, operator: "In", values: [String(value)] });
  for (const r of sel.matchExpressions ?? []) reqs.push({ key: r.key, operator: r.operator, values: (r.values ?? []).map(String) });
  return fromRequirements(reqs);
}

/** Compiles a Service/ReplicationController-style map selector; an empty or missing map selects nothing (Services without selectors have no endpoints). */
export function compileMapSelector(map: Record<string, string> | null | undefined): Selector {
  if (!map || Object.keys(map).length === 0) return NOTHING;
  return fromRequirements(Object.entries(map).map(([key, value]) => ({ key, operator: "In" as const, values: [String(value)] })));
}

function fromRequirements(reqs: LabelSelectorRequirement[]): Selector {
  const matches = (labels: Readonly<Record<string, string>>) => {
    for (const r of reqs) {
      const has = Object.prototype.hasOwnProperty.call(labels, r.key);
      switch (r.operator) {
        case "In":
          if (!has || !r.values!.includes(labels[r.key]!)) return false;
          break;
        case "NotIn":
          // NotIn matches objects without the key, like apimachinery's selection.NotIn.
          if (has && r.values!.includes(labels[r.key]!)) return false;
          break;
        case "Exists":
          if (!has) return false;
          break;
        case "DoesNotExist":
          if (has) return false;
          break;
      }
    }
    return true;
  };
  return { matches, empty: reqs.length === 0, nothing: false, requirements: reqs };
}

/** Renders a selector the way `kubectl get -l` accepts it: `app=web,tier in (a,b),!canary`. */
export function formatSelector(sel: Selector): string {
  if (sel.nothing) return "<none>";
  if (sel.empty) return "<everything>";
  return sel.requirements
    .map((r) => {
      switch (r.operator) {
        case "In":
          return r.values!.length === 1 ? `${r.key}=${r.values![0]}` : `${r.key} in (${r.values!.join(",")})`;
        case "NotIn":
          return `${r.key} notin (${r.values!.join(",")})`;
        case "Exists":
          return r.key;
        case "DoesNotExist":
          return `!${r.key}`;
      }
    })
    .join(",");
}
