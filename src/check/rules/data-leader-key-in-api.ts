/** Patroni keeping its leader key in the Kubernetes API without failsafe_mode. @module */
import { kubernetesDcs } from "../../catalog/data-engines.js";
import { defineRule } from "../rule.js";
import { dataServicePath, duration } from "../view/fleet.js";

export default defineRule({
  id: "data-leader-key-in-api",
  title: "Patroni keeps its leader key in the Kubernetes API without failsafe_mode",
  category: "data",
  severity: "info",
  rationale:
    "Patroni on Kubernetes stores its leader key in the cluster's API (an Endpoints or ConfigMap object, so in etcd). " +
    "The primary must renew that key every HA loop; when an update fails for retry_timeout it demotes Postgres to " +
    "read-only, and no replica may promote until it can write the key. The database then shares the fate of the " +
    "cluster's etcd quorum and API — an etcd quorum loss stops every write although every database pod still runs. " +
    "failsafe_mode (Patroni 3.0+) keeps the primary while it reaches every member's REST API.",
  appliesTo: ["Fleet"],
  scope: "fleet",
  messages: {
    leaderKey: "{{name}} (Patroni) keeps its leader key in the Kubernetes API of {{cluster}} without failsafe_mode: an etcd quorum loss there makes it read-only within {{demote}}",
  },
  check(ctx) {
    const fleet = ctx.fleet;
    if (!fleet) return;
    for (const d of fleet.dataServices) {
      const dcs = kubernetesDcs(d);
      if (!dcs || d.spec.failsafeMode) continue;
      const demote = duration(dcs.retryTimeoutMs + dcs.loopWaitMs);
      ctx.report({
        subject: { kind: "DataService", name: d.name },
        path: dataServicePath(fleet, d.name),
        messageId: "leaderKey",
        data: { name: d.name, cluster: d.primary.cluster, demote },
        mechanism: `The primary renews its leader key through the API of ${d.primary.cluster} every loop_wait (${duration(dcs.loopWaitMs)}); when the API refuses writes (etcd quorum lost, or the primary cut off from the quorum side) it retries for retry_timeout (${duration(dcs.retryTimeoutMs)}) and then demotes itself, so writes stop within ${demote} and resume only in the first HA loop after the API is back.`,
        fix: "Set failsafeMode: true and enable Patroni's failsafe_mode (Zalando operator: spec.patroni.failsafe_mode; Crunchy PGO: spec.patroni.dynamicConfiguration.failsafe_mode), or give Patroni an etcd of its own (dcs: external). `hactl drill --fail etcd=MEMBER --fail etcd=OTHER` shows the effect.",
      });
    }
  },
});
