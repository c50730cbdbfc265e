/** A PDB that a zone loss alone already violates. @module */
import { defineRule, plural } from "../rule.js";
import { describeBudget, desiredHealthy } from "../view/disruption.js";
import { pdbCoverage } from "../view/coverage.js";

export default defineRule({
  id: "pdb-zone-loss",
  title: "PodDisruptionBudget cannot hold after losing the largest zone",
  category: "disruption",
  severity: "warning",
  rationale:
    "A zone outage is not a voluntary disruption — no PDB stops it — but the budget still states how many pods the " +
    "service needs. When the pods left after losing one zone are fewer than the budget demands, the service runs " +
    "below its own stated minimum, and every drain in the surviving zones is blocked until replacements run.",
  appliesTo: ["PodDisruptionBudget"],
  scope: "objects",
  messages: {
    zoneLoss: "PodDisruptionBudget {{name}} needs {{desired}} healthy pods, but losing zone {{zone}} leaves {{left}} of {{pods}} ({{spread}})",
  },
  check(ctx) {
    // Zones are only known with a fleet; without one the rule must not guess.
    if (!ctx.topology.known) return;
    for (const pdb of ctx.index.pdbs) {
      if (pdb.invalid || pdb.selectsNothing) continue;
      const cov = pdbCoverage(ctx.index, pdb, ctx.topology);
      if (cov.workloads.length === 0 || cov.unknown.length > 0 || cov.pods < 2) continue;
      // Best case: each workload spread evenly over the zones it may run in (the scheduler can do no
      // better); the budget must survive losing the zone holding the most pods.
      const lostByZone = new Map<string, number>();
      const parts: string[] = [];
      for (const { workload: w, pods } of cov.workloads) {
        const zones = ctx.topology.zonesOf(ctx.topology.eligible(w.template.spec));
        if (zones.length === 0) continue;
        const per = evenSpread(pods, zones.length);
        zones.forEach((z, i) => lostByZone.set(z, (lostByZone.get(z) ?? 0) + per[i]!));
        parts.push(`${w.name}: ${zones.map((z, i) => `${per[i]} in ${z}`).join(", ")}`);
      }
      if (lostByZone.size < 2) continue; // one zone: pinned-to-one-domain reports that
      const [zone, lost] = [...lostByZone.entries()].sort((a, b) => b[1] - a[1])[0]!;
      const desired = desiredHealthy(pdb.budget, cov.pods);
      const left = cov.pods - lost;
      if (left >= desired) continue;
      ctx.report({
        object: pdb.object,
        path: ["spec", pdb.budget.maxUnavailable ? "maxUnavailable" : "minAvailable"],
        messageId: "zoneLoss",
        data: { name: `${pdb.namespace}/${pdb.name}`, desired, zone, left, pods: cov.pods, spread: `even spread: ${parts.join("; ")}` },
        mechanism:
          `With ${describeBudget(pdb.budget, cov.pods)}, a zone outage taking ${plural(lost, "pod")} leaves ${left}: the service runs below the ` +
          `minimum its own budget declares, and the budget allows no eviction anywhere until ${desired - left} replacement${desired - left === 1 ? " is" : "s are"} running in the surviving zones.`,
        fix: `Run enough replicas that ${plural(desired, "pod")} survive a zone loss (at least ${Math.ceil((desired * lostByZone.size) / (lostByZone.size - 1))} over ${lostByZone.size} zones), or lower the budget to what a zone loss leaves (${left}).`,
        related: cov.workloads.map((x) => x.workload.object),
      });
    }
  },
});

/** `n` pods over `z` zones as evenly as possible, larger shares first. */
function evenSpread(n: number, z: number): number[] {
  return Array.from({ length: z }, (_, i) => Math.floor(n / z) + (i < n % z ? 1 : 0));
}
