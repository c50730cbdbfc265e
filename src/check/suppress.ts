/**
 * In-source suppression: the annotation `hactl.dev/ignore: "<rule-id>[,<rule-id>...][: reason]"`
 * on the object a finding is about (or `*` for every rule). Like `kube-score/ignore`, but a reason
 * may follow after `:` and is carried into every output (SARIF `suppressions[].justification`).
 * @module
 */

export const IGNORE_ANNOTATION = "hactl.dev/ignore";

export interface IgnoreSpec {
  /** Rule ids, or `*`. */
  rules: Set<string>;
  reason?: string;
}

/** Parses the annotation value; undefined when absent or empty. */
export function parseIgnore(value: string | undefined): IgnoreSpec | undefined {
  if (value === undefined) return undefined;
  const colon = value.indexOf(":");
  const ids = (colon >= 0 ? value.slice(0, colon) : value)
    .split(/[,\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  if (ids.length === 0) return undefined;
  const reason = colon >= 0 ? value.slice(colon + 1).trim() || undefined : undefined;
  return { rules: new Set(ids), reason };
}

export function ignores(spec: IgnoreSpec | undefined, ruleId: string): boolean {
  return spec !== undefined && (spec.rules.has(ruleId) || spec.rules.has("*"));
}

/** Minimal glob → RegExp: `**` any path, `*` and `?` within a segment, `{a,b}` alternatives. */
export function globToRegExp(glob: string): RegExp {
  let re = "";
  let i = 0;
  let inGroup = false;
  while (i < glob.length) {
    const ch = glob[i]!;
    if (ch === "*") {
      if (glob[i + 1] === "*") {
        // `**/` matches zero or more directories; a trailing `**` matches everything.
        const slash = glob[i + 2] === "/";
        re += slash ? "(?:.*/)?" : ".*";
        i += slash ? 3 : 2;
        continue;
      }
      re += "[^/]*";
    } else if (ch === "?") re += "[^/]";
    else if (ch === "{") {
      inGroup = true;
      re += "(?:";
    } else if (ch === "}" && inGroup) {
      inGroup = false;
      re += ")";
    } else if (ch === "," && inGroup) re += "|";
    else re += ch.replace(/[.+^$()|[\]\\]/g, "\\$&");
    i++;
  }
  return new RegExp(`^${re}$`);
}
