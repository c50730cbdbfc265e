/** `spec.sites` and `spec.latency`: where things are and how far apart. @module */
import * as z from "zod";
import { duration, name } from "./primitives.js";

export const zone = z.union([
  name().meta({ description: "Zone name (becomes `topology.kubernetes.io/zone`).", examples: ["eu-central-1a"] }),
  z.strictObject({
    name: name().meta({ description: "Zone name (becomes `topology.kubernetes.io/zone`).", examples: ["eu-central-1a"] }),
    description: z.string().optional().meta({ description: "Free text, e.g. the room or fire compartment.", examples: ["room A, fire compartment 1"] }),
  }),
]);

export const site = z
  .strictObject({
    name: name().meta({ description: "Site name: a data centre, cloud region or edge location.", examples: ["fra"] }),
    kind: z.enum(["datacenter", "cloud-region", "edge", "colocation", "homelab"]).default("datacenter").meta({
      description: "What the site is. `edge` sites make the fleet a hybrid/edge architecture (seed case 5).",
      examples: ["cloud-region"],
    }),
    region: z.string().optional().meta({
      description: "Region label value for nodes here (`topology.kubernetes.io/region`); defaults to the site name.",
      examples: ["eu-central-1"],
    }),
    provider: z.string().optional().meta({ description: "Infrastructure provider (aws, gcp, azure, hetzner, onprem, ...).", examples: ["aws"] }),
    jurisdiction: z.string().optional().meta({ description: "Legal jurisdiction for data residency checks.", examples: ["eu"] }),
    zones: z.array(zone).optional().meta({
      description: "Failure zones inside the site. A site without zones is one zone named after the site.",
      examples: [["fra-a", "fra-b", "fra-c"]],
    }),
  })
  .meta({ title: "Site" });

export const latencyLink = z
  .strictObject({
    between: z.tuple([name(), name()], { error: "expected two site or zone names, e.g. [fra, ams]" }).meta({
      description: "Two sites or two zones.",
      examples: [["fra", "ams"]],
    }),
    rtt: duration().meta({ description: "Round-trip time between them (typical, not best case).", examples: ["18ms"] }),
    jitter: duration().optional().meta({ description: "Typical RTT variation; spikes above 10 ms matter for etcd.", examples: ["2ms"] }),
  })
  .meta({ title: "LatencyLink" });

export const latency = z
  .strictObject({
    sameZone: duration().default("0.2ms").meta({
      description: "RTT between two nodes in the same zone.",
      examples: ["0.2ms"],
    }),
    sameSite: duration().default("1ms").meta({
      description: "RTT between two zones of the same site when no link says otherwise (cloud AZs are typically 0.5–2 ms apart).",
      examples: ["1ms"],
    }),
    links: z.array(latencyLink).optional().meta({ description: "Measured RTT between sites (and optionally zones)." }),
  })
  .meta({ title: "Latency" });
