/** Workload sources: ordinary Kubernetes manifests referenced by path, directory, glob or inline. @module */
import * as z from "zod";
import { name } from "./primitives.js";

export const workloadSource = z
  .strictObject({
    path: z.string().optional().meta({
      description:
        "A manifest file, a directory (read recursively: *.yaml, *.yml, *.json) or a glob, relative to the fleet file. Multi-document YAML, JSON, `List` kinds and `helm template` / `kustomize build` output are all accepted.",
      examples: ["./k8s", "./manifests/*.yaml"],
    }),
    inline: z.union([z.record(z.string(), z.unknown()), z.array(z.record(z.string(), z.unknown()))]).optional().meta({
      description: "One Kubernetes object or a list of objects written inline.",
      examples: [{ apiVersion: "v1", kind: "Namespace", metadata: { name: "shop" } }],
    }),
    namespace: z.string().optional().meta({
      description: "Namespace for namespaced objects that do not set one (like `kubectl apply -n`). Defaults to `default`.",
      examples: ["shop"],
    }),
    clusters: z.array(name()).optional().meta({
      description:
        "Only for `spec.workloads`: the clusters these manifests run in. Omitted: the clusters a matching `placement` names, else every cluster.",
      examples: [["prod-fra"]],
    }),
  })
  .refine((s) => (s.path === undefined) !== (s.inline === undefined), {
    error: "a workload source needs exactly one of `path` or `inline`",
  })
  .meta({ title: "WorkloadSource" });
