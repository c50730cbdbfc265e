/** An aggressive liveness probe without a startupProbe kills slow starters in a loop. @module */
import * as z from "zod";
import { describeWorkload } from "../helpers.js";
import { defineRule } from "../rule.js";
import { probeWindowSeconds } from "../view/probes.js";

const HANDLERS = ["httpGet", "tcpSocket", "grpc", "exec"] as const;

export default defineRule({
  id: "startup-probe-missing",
  title: "Aggressive liveness probe without a startupProbe",
  category: "workload",
  severity: "warning",
  rationale:
    "A liveness probe also runs while the application starts. When it gives up sooner than a cold start can take — " +
    "after a node failure every replacement starts at once on busy nodes with cold caches — the kubelet kills " +
    "containers that were about to become healthy, and the service stays down in CrashLoopBackOff. A startupProbe " +
    "holds liveness back until the first success.",
  appliesTo: ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Rollout"],
  messages: {
    aggressive: "{{container}} of {{workload}} is killed if not live within {{window}}s (initialDelaySeconds + failureThreshold × periodSeconds) and has no startupProbe",
  },
  options: z.object({
    minSeconds: z.number().min(0).default(30).describe("A liveness window (initialDelaySeconds + failureThreshold × periodSeconds) below this is aggressive."),
  }),
  check(ctx) {
    for (const w of ctx.index.workloads) {
      if (!w.longRunning) continue;
      for (const c of w.containers) {
        const l = c.spec["livenessProbe"] as Record<string, unknown> | undefined;
        if (!l || typeof l !== "object" || c.spec["startupProbe"]) continue;
        const window = probeWindowSeconds(l);
        if (window >= ctx.options.minSeconds) continue;
        const handler = HANDLERS.find((h) => l[h] !== undefined);
        ctx.report({
          object: w.object,
          path: [...c.path, "livenessProbe"],
          messageId: "aggressive",
          data: { container: `container "${c.name}"`, workload: describeWorkload(w), window },
          mechanism: `If a start takes longer than ${window}s (image pull done, JIT warm-up, cache load, slow dependency), the kubelet restarts the container before it ever becomes live; restarts back off up to 5 minutes, so a slow start becomes a long outage.`,
          fix: `Add a startupProbe with the same check and a generous budget (failureThreshold 30 × periodSeconds 10 = 5 minutes); liveness then starts only after the first success.`,
          edits: handler ? [{ op: "set", path: [...c.path, "startupProbe"], value: { [handler]: l[handler], periodSeconds: 10, failureThreshold: 30 } }] : undefined,
        });
      }
    }
  },
});
