/** A PDB that selects no pods protects nothing. @module */
import { formatSelector } from "../../k8s/selector.js";
import { defineRule } from "../rule.js";

/** API groups whose objects never create pods through an operator we cannot see. */
const BUILT_IN = /^(v1|apps\/|batch\/|policy\/|autoscaling\/|networking\.k8s\.io\/|rbac\.authorization\.k8s\.io\/|storage\.k8s\.io\/|scheduling\.k8s\.io\/|coordination\.k8s\.io\/|discovery\.k8s\.io\/)/;

export default defineRule({
  id: "pdb-selects-nothing",
  title: "PodDisruptionBudget selects no pods",
  category: "disruption",
  severity: "warning",
  rationale:
    "A PDB whose selector matches no pod (a typo in a label, the wrong namespace, or no selector at all, which " +
    "selects nothing in policy/v1) protects nothing: the workload it was written for is drained without limit " +
    "while everyone believes it is covered.",
  appliesTo: ["PodDisruptionBudget"],
  messages: {
    noSelector: "PodDisruptionBudget {{name}} has no spec.selector and therefore selects no pods",
    nothing: "PodDisruptionBudget {{name}} selects {{selector}}, which matches no workload in namespace {{namespace}}{{hint}}",
  },
  check(ctx) {
    for (const pdb of ctx.index.pdbs) {
      const name = `${pdb.namespace}/${pdb.name}`;
      if (pdb.selectsNothing) {
        ctx.report({
          object: pdb.object,
          path: ["spec"],
          messageId: "noSelector",
          data: { name },
          mechanism: "In policy/v1 a null selector matches no pods, so every eviction is allowed for the pods this budget was meant to protect.",
          fix: "Add spec.selector.matchLabels with the pod template labels of the workload to protect.",
        });
        continue;
      }
      if (ctx.index.workloadsOfPdb(pdb).length > 0) continue;
      const inNs = ctx.index.workloads.filter((w) => w.namespace === pdb.namespace);
      // Only judge what we can see: a namespace without workloads here, or with custom resources an
      // operator turns into pods, is not evidence of a wrong selector.
      if (inNs.length === 0) continue;
      if (ctx.index.objects.some((o) => o.metadata.namespace === pdb.namespace && !BUILT_IN.test(o.apiVersion))) continue;
      const near = nearest(pdb.selector.requirements.map((r) => r.key), inNs.map((w) => ({ name: `${w.kind} ${w.name}`, labels: w.template.labels })));
      ctx.report({
        object: pdb.object,
        path: ["spec", "selector"],
        messageId: "nothing",
        data: { name, selector: formatSelector(pdb.selector), namespace: pdb.namespace, hint: near ? ` (closest: ${near} with labels ${labelsOf(inNs, near)})` : "" },
        mechanism: "The disruption controller counts 0 matching pods, so the budget never holds anything back: drains evict the intended pods without limit.",
        fix: "Make the selector match the pod template labels of the workload to protect (same namespace), or delete the PDB.",
      });
    }
  },
});

function nearest(keys: string[], candidates: { name: string; labels: Record<string, string> }[]): string | undefined {
  let best: { name: string; score: number } | undefined;
  for (const c of candidates) {
    const score = keys.filter((k) => k in c.labels).length;
    if (score > 0 && (!best || score > best.score)) best = { name: c.name, score };
  }
  return best?.name;
}

function labelsOf(ws: { kind: string; name: string; template: { labels: Record<string, string> } }[], label: string): string {
  const w = ws.find((x) => `${x.kind} ${x.name}` === label);
  return w ? Object.entries(w.template.labels).map(([k, v]) => `${k}=${v}`).join(",") : "";
}
