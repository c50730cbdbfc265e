/** `spec.objectives`: what the business asks for. Every engine measures against it. @module */
import * as z from "zod";
import { duration, name } from "./primitives.js";

export const serviceObjective = z
  .strictObject({
    name: name().meta({
      description:
        "Name of the workload (Deployment, StatefulSet, DaemonSet) or Service this objective applies to, or of a data service or traffic hostname.",
      examples: ["checkout"],
    }),
    namespace: z.string().optional().meta({ description: "Namespace of the workload; any namespace when omitted.", examples: ["shop"] }),
    rto: duration().optional().meta({ description: "Recovery time objective for this service; falls back to the default.", examples: ["30s"] }),
    rpo: duration().optional().meta({ description: "Recovery point objective for this service; falls back to the default.", examples: ["0"] }),
    critical: z.boolean().optional().meta({ description: "A critical service needs at least 3 replicas (seed 000: 'Min. 3 Replicas').", examples: [true] }),
  })
  .meta({ title: "ServiceObjective" });

export const objectives = z
  .strictObject({
    rto: duration().default("5m").meta({
      description: "Default recovery time objective: the longest a service may be unavailable after a failure.",
      examples: ["1m"],
    }),
    rpo: duration().default("1m").meta({
      description: "Default recovery point objective: the most data (in time) a failure may lose. `0` demands synchronous replication.",
      examples: ["0"],
    }),
    budget: z.enum(["low", "medium", "high"]).default("medium").meta({
      description: "Budget for redundancy. Low rules out stretched clusters (3–4x) and active-active multi-cluster.",
      examples: ["medium"],
    }),
    geoRedundancy: z.enum(["none", "preferred", "required"]).default("none").meta({
      description: "Whether the fleet must survive the loss of a whole site (data centre or region).",
      examples: ["required"],
    }),
    dataResidency: z.array(z.string()).optional().meta({
      description: "Jurisdictions where data may live (matched against `sites[].jurisdiction`). Omit for no restriction.",
      examples: [["eu"]],
    }),
    providerZones: z.boolean().optional().meta({
      description:
        "Whether the (cloud) provider offers availability zones in a site. Inferred from the sites' zones when omitted.",
      examples: [true],
    }),
    edge: z.boolean().optional().meta({
      description: "Whether workloads must run at edge locations with intermittent connectivity (seed case 5). Inferred from sites of kind `edge` when omitted.",
      examples: [false],
    }),
    services: z.array(serviceObjective).optional().meta({ description: "Per-service objectives that override the defaults." }),
  })
  .meta({ title: "Objectives" });
