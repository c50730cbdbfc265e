/** Backups stored in the site that holds every live copy of the data they protect. @module */
import { defineRule } from "../rule.js";
import { backupPath } from "../view/fleet.js";
import { protectedSites } from "../view/recovery.js";

export default defineRule({
  id: "backup-same-site",
  title: "Backups are stored in the same site as the data",
  category: "backup",
  severity: "critical",
  rationale:
    "A backup exists for the day the data's home is gone: a fire, a flood, a ransomware attack on the data centre's " +
    "storage. Stored in the same site as every live copy, it is lost together with them. The seeds: Velero backups " +
    "to an external S3 location; a copy outside the building.",
  appliesTo: ["Fleet"],
  scope: "fleet",
  messages: {
    sameSite: "backup {{backup}} is stored in site {{site}}, where all the data it protects lives ({{what}})",
  },
  check(ctx) {
    const fleet = ctx.fleet;
    if (!fleet) return;
    for (const b of fleet.backups) {
      const sites = protectedSites(fleet, b);
      if (sites.size === 0 || ![...sites].every((s) => s === b.site)) continue;
      const what = [b.dataServices.length > 0 ? `data services ${b.dataServices.join(", ")}` : "", `cluster${b.clusters.length === 1 ? "" : "s"} ${b.clusters.join(", ")}`].filter(Boolean).join("; ");
      ctx.report({
        subject: { kind: "Backup", name: b.name },
        path: [...backupPath(fleet, b.name), "location", "site"],
        messageId: "sameSite",
        data: { backup: b.name, site: b.site, what },
        mechanism:
          `Losing site ${b.site} — power, fire, flood, a compromised storage system — destroys the live data and its backups at once: nothing is left to restore from, whatever the schedule.`,
        fix: `Store the backups in another site (another region's object storage, or a second data centre; replicate the bucket if the primary target must stay local) and set location.site accordingly.`,
      });
    }
  },
});
