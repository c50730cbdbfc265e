/** preStop + drain longer than the grace period: in-flight requests are cut off by SIGKILL. @module */
import * as z from "zod";
import { describeWorkload } from "../helpers.js";
import { defineRule } from "../rule.js";
import type { Container } from "../view/index.js";

export default defineRule({
  id: "graceful-shutdown",
  title: "preStop hook plus drain time exceed terminationGracePeriodSeconds",
  category: "workload",
  severity: "warning",
  rationale:
    "terminationGracePeriodSeconds (default 30) covers the preStop hook and the time the application needs after " +
    "SIGTERM to finish in-flight requests. When the preStop sleep (used to wait for endpoint removal to reach every " +
    "kube-proxy and load balancer) eats the whole period, the kubelet sends SIGKILL mid-request on every rollout, " +
    "drain and scale-down.",
  appliesTo: ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Rollout"],
  messages: {
    tooShort: "{{container}} of {{workload}} sleeps {{preStop}}s in preStop and needs {{drain}}s to drain, but terminationGracePeriodSeconds is {{grace}}{{dflt}}",
  },
  options: z.object({
    drainSeconds: z.number().min(0).default(5).describe("Seconds the application needs after SIGTERM to finish in-flight work."),
  }),
  check(ctx) {
    for (const w of ctx.index.workloads) {
      if (!w.longRunning) continue;
      const g = w.template.spec["terminationGracePeriodSeconds"];
      const grace = typeof g === "number" ? g : 30;
      for (const c of w.containers) {
        const preStop = preStopSeconds(c);
        if (preStop === undefined) continue;
        const needed = preStop + ctx.options.drainSeconds;
        if (needed <= grace) continue;
        const fixValue = Math.ceil(needed + 5);
        ctx.report({
          object: w.object,
          path: [...c.path, "lifecycle", "preStop"],
          messageId: "tooShort",
          data: {
            container: `container "${c.name}"`,
            workload: describeWorkload(w),
            preStop,
            drain: ctx.options.drainSeconds,
            grace,
            dflt: typeof g === "number" ? "" : " (the default)",
          },
          mechanism: `The kubelet runs the preStop hook (${preStop}s), then sends SIGTERM, and sends SIGKILL ${grace}s after the start: the application gets ${Math.max(0, grace - preStop)}s instead of ${ctx.options.drainSeconds}s to finish in-flight requests, so every rollout, drain and scale-down drops connections.`,
          fix: `Set terminationGracePeriodSeconds to at least ${fixValue} (preStop ${preStop}s + drain ${ctx.options.drainSeconds}s + margin), or shorten the preStop sleep.`,
          edits: [{ op: "set", path: [...w.podSpecPath, "terminationGracePeriodSeconds"], value: fixValue }],
        });
      }
    }
  },
});

/** Seconds a preStop hook sleeps: the `sleep` action, or `sleep N` in an exec command. */
export function preStopSeconds(c: Container): number | undefined {
  const pre = (c.spec["lifecycle"] as { preStop?: Record<string, unknown> } | undefined)?.preStop;
  if (!pre || typeof pre !== "object") return undefined;
  const sleep = (pre["sleep"] as { seconds?: unknown } | undefined)?.seconds;
  if (typeof sleep === "number") return sleep;
  const cmd = (pre["exec"] as { command?: unknown } | undefined)?.command;
  if (!Array.isArray(cmd)) return undefined;
  const m = /(?:^|[\s;&|])sleep\s+([0-9]+(?:\.[0-9]+)?)s?(?:$|[\s;&|])/.exec(cmd.map(String).join(" "));
  return m ? Number(m[1]) : undefined;
}
