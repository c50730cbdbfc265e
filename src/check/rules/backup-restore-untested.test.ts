import { testRule } from "../../../test/check/rule-tester.js";
import { backup, twoSites } from "../../../test/check/fleet-drafts.js";
import rule from "./backup-restore-untested.js";

const f = (lastRestoreTest?: string) => twoSites({ spec: { backups: [backup("velero", "s3", {}, lastRestoreTest ? { lastRestoreTest } : {})] } });

testRule(rule, {
  valid: [
    { name: "tested 30 days ago", fleet: f("2026-10-22"), objects: [], options: { asOf: "2026-11-21" } },
    { name: "tested exactly 90 days ago", fleet: f("2026-08-23"), objects: [], options: { asOf: "2026-11-21" } },
    { name: "a longer policy", fleet: f("2026-06-01"), objects: [], options: { asOf: "2026-11-21", maxAgeDays: 180 } },
  ],
  invalid: [
    { name: "never tested", fleet: f(), objects: [], options: { asOf: "2026-11-21" }, findings: [{ messageId: "never", object: "Backup/velero", path: "spec.backups[0]", message: "backup velero has no recorded restore test" }] },
    {
      name: "tested 91 days ago",
      fleet: f("2026-08-22"),
      objects: [],
      options: { asOf: "2026-11-21" },
      findings: [{ messageId: "stale", path: "spec.backups[0].lastRestoreTest", message: "backup velero was last restore-tested on 2026-08-22, 91 days ago (more than 90)" }],
    },
  ],
});
