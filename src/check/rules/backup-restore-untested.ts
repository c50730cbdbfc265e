/** Backups whose restore has not been tested recently (or ever). @module */
import * as z from "zod";
import { defineRule } from "../rule.js";
import { backupPath } from "../view/fleet.js";

const DAY = 86_400_000;

export default defineRule({
  id: "backup-restore-untested",
  title: "Backup restore not tested recently",
  category: "backup",
  severity: "warning",
  rationale:
    "A backup is only as good as its last successful restore: credentials expire, formats change, volumes are " +
    "silently excluded, restores take longer than the RTO allows. The seeds list 'no backup tests' among the " +
    "typical mistakes and prescribe restore drills. Opt-in, because the age depends on today's date.",
  appliesTo: ["Fleet"],
  scope: "fleet",
  optIn: true,
  messages: {
    never: "backup {{backup}} has no recorded restore test (lastRestoreTest)",
    stale: "backup {{backup}} was last restore-tested on {{date}}, {{days}} days ago (more than {{max}})",
  },
  options: z.object({
    maxAgeDays: z.number().int().min(1).default(90).describe("Days after which a restore test is due again."),
    asOf: z
      .string()
      .regex(/^(\d{4}-\d{2}-\d{2})?$/, { error: "expected a date such as 2026-11-21" })
      .default("")
      .describe("The date to measure from (YYYY-MM-DD); empty: today. Set it in CI for reproducible results."),
  }),
  check(ctx) {
    const fleet = ctx.fleet;
    if (!fleet) return;
    const today = ctx.options.asOf ? Date.parse(`${ctx.options.asOf}T00:00:00Z`) : Date.now();
    for (const b of fleet.backups) {
      const at = backupPath(fleet, b.name);
      if (!b.lastRestoreTest) {
        ctx.report({
          subject: { kind: "Backup", name: b.name },
          path: at,
          messageId: "never",
          data: { backup: b.name },
          mechanism: `Nobody knows whether "${b.name}" can be restored, or how long it takes (the fleet assumes ${Math.round(b.restoreMs / 60_000)} min): the first restore attempt would be during the incident that needs it.`,
          fix: `Restore "${b.name}" into a scratch namespace or cluster, verify the data, time it, and record the date as lastRestoreTest (and the measured restoreTime).`,
        });
        continue;
      }
      const tested = Date.parse(`${b.lastRestoreTest}T00:00:00Z`);
      const days = Math.floor((today - tested) / DAY);
      if (days <= ctx.options.maxAgeDays) continue;
      ctx.report({
        subject: { kind: "Backup", name: b.name },
        path: [...at, "lastRestoreTest"],
        messageId: "stale",
        data: { backup: b.name, date: b.lastRestoreTest, days, max: ctx.options.maxAgeDays },
        mechanism: `Since the last successful restore ${days} days ago, schemas, volumes, credentials and tool versions have changed; a restore that fails or takes longer than ${Math.round(b.restoreMs / 60_000)} min is found out during the incident.`,
        fix: `Run a restore drill of "${b.name}" (automate it, e.g. a scheduled restore into a scratch namespace) and update lastRestoreTest.`,
      });
    }
  },
});
