/** A probe on a named port the container does not declare can never succeed. @module */
import { describeWorkload } from "../helpers.js";
import { defineRule } from "../rule.js";
import { declaredPorts, probePorts } from "../view/probes.js";

export default defineRule({
  id: "probe-port-unknown",
  title: "Probe targets a named port the container does not declare",
  category: "workload",
  severity: "critical",
  rationale:
    "A probe's named port is resolved against the container's own `ports[].name`. When the name does not exist the " +
    "kubelet cannot even send the probe: a readiness probe keeps the pod out of every Service forever, a liveness " +
    "probe restarts the container in a loop.",
  appliesTo: ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Pod", "Job", "CronJob", "Rollout"],
  messages: {
    unknown: "{{probe}} of {{container}} in {{workload}} targets port \"{{port}}\", but the container declares {{declared}}",
  },
  check(ctx) {
    for (const w of ctx.index.workloads) {
      for (const c of w.containers) {
        const declared = declaredPorts(c);
        for (const p of probePorts(c)) {
          if (typeof p.port !== "string" || declared.some((d) => d.name === p.port)) continue;
          const names = declared.filter((d) => d.name).map((d) => `"${d.name}"`);
          const target = declared.length === 1 ? declared[0]! : undefined;
          ctx.report({
            object: w.object,
            path: p.path,
            messageId: "unknown",
            data: {
              probe: p.probe,
              container: `container "${c.name}"`,
              workload: describeWorkload(w),
              port: p.port,
              declared: names.length > 0 ? `only ${names.join(", ")}` : "no named ports",
            },
            mechanism:
              p.probe === "livenessProbe"
                ? "The kubelet fails the probe with \"port not found\" on every attempt, so after failureThreshold attempts it kills the container, again and again (CrashLoopBackOff)."
                : p.probe === "readinessProbe"
                  ? "The kubelet fails the probe with \"port not found\" on every attempt, so the pod never becomes Ready and no Service ever sends it traffic; a rollout with this template never progresses."
                  : "The startup probe can never succeed, so the kubelet kills the container after failureThreshold attempts, forever.",
            fix: target
              ? `Use the container's port ${target.name ? `"${target.name}"` : target.containerPort} in the ${p.probe}, or name a port "${p.port}" in ports[].`
              : `Declare a port named "${p.port}" in the container's ports[], or use the port number in the ${p.probe}.`,
            edits: target ? [{ op: "set", path: p.path, value: target.name ?? target.containerPort }] : undefined,
          });
        }
      }
    }
  },
});
