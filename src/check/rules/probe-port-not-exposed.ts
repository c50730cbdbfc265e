/** A numeric probe port that is not among the container's declared ports: usually a typo. @module */
import { describeWorkload } from "../helpers.js";
import { defineRule } from "../rule.js";
import { declaredPorts, probePorts } from "../view/probes.js";

export default defineRule({
  id: "probe-port-not-exposed",
  title: "Probe port is not one of the container's declared ports",
  category: "workload",
  severity: "warning",
  rationale:
    "When a container declares its ports and a probe checks a different number, the probe usually points at the " +
    "wrong port (a typo, or a port that changed): readiness then never succeeds, or liveness restarts a healthy " +
    "container. Probing a declared port (ideally by name) keeps probe and server in step.",
  appliesTo: ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Pod", "Rollout"],
  messages: {
    notExposed: "{{probe}} of {{container}} in {{workload}} checks port {{port}}, which is not among the declared ports {{declared}}",
  },
  check(ctx) {
    for (const w of ctx.index.workloads) {
      for (const c of w.containers) {
        const declared = declaredPorts(c);
        // Without declared ports there is nothing to compare with (ports[] is informational).
        if (declared.length === 0) continue;
        for (const p of probePorts(c)) {
          if (typeof p.port !== "number" || declared.some((d) => d.containerPort === p.port)) continue;
          ctx.report({
            object: w.object,
            path: p.path,
            messageId: "notExposed",
            data: {
              probe: p.probe,
              container: `container "${c.name}"`,
              workload: describeWorkload(w),
              port: p.port,
              declared: declared.map((d) => (d.name ? `${d.containerPort} (${d.name})` : String(d.containerPort))).join(", "),
            },
            mechanism: `The kubelet probes port ${p.port}; if nothing listens there the ${p.probe === "livenessProbe" ? "container is restarted in a loop" : "pod never becomes Ready"}. Declared ports are where the server is expected to listen.`,
            fix: `Probe one of the declared ports (by name, e.g. port: ${declared.find((d) => d.name)?.name ?? declared[0]!.containerPort}), or declare port ${p.port} in ports[] if a separate health server listens there.`,
          });
        }
      }
    }
  },
});
