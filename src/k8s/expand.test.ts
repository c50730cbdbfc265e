import { describe, expect, it } from "vitest";
import { k8s } from "../twin/testing/builders.js";
import { daemonSetPod, daemonSetTemplate, expandWorkload } from "./expand.js";

const template = { metadata: { labels: { app: "x" } }, spec: { containers: [{ name: "c" }] } };

describe("expandWorkload", () => {
  it("names Deployment pods <deployment>-<pod-template-hash>-<suffix> and labels them with the hash", () => {
    const w = expandWorkload(k8s("Deployment", "web", "shop", { spec: { replicas: 3, selector: { matchLabels: { app: "x" } }, template } }))!;
    expect(w.pods).toHaveLength(3);
    const hash = w.pods[0]!.labels["pod-template-hash"]!;
    expect(w.pods[0]!.name).toMatch(new RegExp(`^web-${hash}-[a-z0-9]{5}$`));
    expect(new Set(w.pods.map((p) => p.name)).size).toBe(3);
    expect(w.pods[0]!.controller).toMatchObject({ kind: "ReplicaSet", name: `web-${hash}` });
  });

  it("defaults replicas to 1 and honours an HPA's minReplicas", () => {
    const d = k8s("Deployment", "web", "shop", { spec: { selector: { matchLabels: { app: "x" } }, template } });
    expect(expandWorkload(d)!.replicas).toBe(1);
    const hpa = k8s("HorizontalPodAutoscaler", "web", "shop", { spec: { scaleTargetRef: { kind: "Deployment", name: "web" }, minReplicas: 3 } });
    expect(expandWorkload(d, [hpa])).toMatchObject({ replicas: 3, replicasFrom: "hpa" });
  });

  it("gives StatefulSet pods ordinals and claims from volumeClaimTemplates", () => {
    const s = k8s("StatefulSet", "db", "shop", { spec: { replicas: 2, selector: { matchLabels: { app: "x" } }, template, volumeClaimTemplates: [{ metadata: { name: "data" }, spec: { storageClassName: "ssd" } }] } });
    const w = expandWorkload(s)!;
    expect(w.pods.map((p) => [p.name, p.claims, p.labels["statefulset.kubernetes.io/pod-name"]])).toEqual([
      ["db-0", ["data-db-0"], "db-0"],
      ["db-1", ["data-db-1"], "db-1"],
    ]);
    expect(w.claimTemplates.map((c) => c.name)).toEqual(["data-db-0", "data-db-1"]);
  });

  it("runs min(parallelism, completions) Job pods; none for a suspended Job or a CronJob", () => {
    expect(expandWorkload(k8s("Job", "j", "d", { spec: { parallelism: 4, completions: 2, template } }))!.pods).toHaveLength(2);
    expect(expandWorkload(k8s("Job", "j", "d", { spec: { suspend: true, template } }))!.pods).toHaveLength(0);
    expect(expandWorkload(k8s("CronJob", "c", "d", { spec: { jobTemplate: { spec: { template } } } }))!.pods).toHaveLength(0);
  });

  it("pins a daemon pod to its node with a metadata.name field selector and adds the daemon tolerations", () => {
    const ds = k8s("DaemonSet", "agent", "kube-system", { spec: { selector: { matchLabels: { app: "x" } }, template } });
    const t = daemonSetTemplate(ds)!;
    expect((t.spec["tolerations"] as { key: string }[]).map((x) => x.key)).toContain("node.kubernetes.io/unschedulable");
    const p = daemonSetPod(ds, t, "node-7");
    expect(p.spec["affinity"]).toEqual({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: "metadata.name", operator: "In", values: ["node-7"] }] }] } } });
  });
});
