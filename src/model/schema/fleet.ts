/**
 * The Fleet document (`apiVersion: hactl.dev/v1alpha1`, `kind: Fleet`): the one contract every engine
 * reads. This zod schema is the source of truth for the TypeScript types, for `hactl schema` (JSON
 * Schema for editors) and for docs/fleet.md.
 * @module
 */
import * as z from "zod";
import { cluster, timing } from "./cluster.js";
import { backup, dataService } from "./data.js";
import { placement, traffic } from "./multicluster.js";
import { objectives } from "./objectives.js";
import { scenario } from "./scenarios.js";
import { labels, name } from "./primitives.js";
import { latency, site } from "./topology.js";
import { workloadSource } from "./workloads.js";

export const FLEET_API_VERSION = "hactl.dev/v1alpha1";
export const FLEET_KIND = "Fleet";

export const fleetSpec = z
  .strictObject({
    objectives: objectives.default({ rto: "5m", rpo: "1m", budget: "medium", geoRedundancy: "none" }).meta({
      description: "What the business asks for: RTO, RPO, budget, geo-redundancy, data residency.",
    }),
    sites: z.array(site).min(1, { error: "a fleet needs at least one site" }).meta({ description: "Data centres, cloud regions and edge locations." }),
    latency: latency.default({ sameZone: "0.2ms", sameSite: "1ms" }).meta({ description: "Round-trip times between zones and sites." }),
    timing: timing.optional().meta({ description: "Fleet-wide overrides of recovery timing defaults (clusters may override again)." }),
    clusters: z.array(cluster).min(1, { error: "a fleet needs at least one cluster" }).meta({ description: "Kubernetes clusters." }),
    workloads: z.array(workloadSource).optional().meta({
      description: "Manifests shared by the fleet; `placement` (or `clusters` on the source) decides where they run.",
    }),
    placement: z.array(placement).optional().meta({ description: "How workloads are distributed across clusters." }),
    traffic: traffic.optional().meta({ description: "Host names served by DNS-based global load balancing." }),
    dataServices: z.array(dataService).optional().meta({ description: "Databases and middleware with their replication." }),
    backups: z.array(backup).optional().meta({ description: "Backup schedules and where they are stored." }),
    scenarios: z.array(scenario).optional().meta({ description: "Failure drills for `hactl drill` (run by name, and after every single failure domain by --sweep)." }),
  })
  .meta({ title: "FleetSpec" });

export const fleetDocument = z
  .strictObject({
    apiVersion: z.literal(FLEET_API_VERSION, { error: `expected apiVersion "${FLEET_API_VERSION}"` }).meta({
      description: "Always hactl.dev/v1alpha1.",
    }),
    kind: z.literal(FLEET_KIND, { error: 'expected kind "Fleet"' }).meta({ description: "Always Fleet." }),
    metadata: z
      .strictObject({
        name: name().meta({ description: "Fleet name.", examples: ["shop-eu"] }),
        labels: labels().optional().meta({ description: "Labels for tooling (not used by hactl).", examples: [{ team: "platform" }] }),
        annotations: labels().optional().meta({ description: "Annotations for tooling (not used by hactl).", examples: [{ owner: "sre@example.com" }] }),
      })
      .meta({ title: "FleetMetadata" }),
    spec: fleetSpec,
  })
  .meta({
    title: "Fleet",
    description: "An hactl Fleet: sites, clusters, workloads, traffic, data and objectives of a Kubernetes estate.",
  });

/** The Fleet document as written (input side: defaults not yet applied). */
export type FleetDocumentInput = z.input<typeof fleetDocument>;
/** The Fleet document after schema validation, with static defaults applied. */
export type FleetDocument = z.output<typeof fleetDocument>;
export type FleetSpec = FleetDocument["spec"];
export type Objectives = FleetSpec["objectives"];
export type SiteSpec = FleetSpec["sites"][number];
export type ClusterSpec = FleetSpec["clusters"][number];
export type NodePoolSpec = ClusterSpec["nodePools"][number];
export type ControlPlaneSpec = ClusterSpec["controlPlane"];
export type StorageBackendSpec = NonNullable<ClusterSpec["storage"]>[number];
export type TimingSpec = z.output<typeof timing>;
export type WorkloadSourceSpec = z.output<typeof workloadSource>;
export type PlacementSpec = NonNullable<FleetSpec["placement"]>[number];
export type TrafficSpec = NonNullable<FleetSpec["traffic"]>;
export type TrafficHostnameSpec = TrafficSpec["hostnames"][number];
export type DataServiceSpec = NonNullable<FleetSpec["dataServices"]>[number];
export type BackupSpec = NonNullable<FleetSpec["backups"]>[number];
export type ScenarioSpec = NonNullable<FleetSpec["scenarios"]>[number];
export type FailureTargetSpec = NonNullable<ScenarioSpec["steps"][number]["fail"]>;

/** JSON Schema (draft 2020-12) of the Fleet document, for editors and `hactl schema`. */
export function fleetJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(fleetDocument, { io: "input", target: "draft-2020-12" }) as Record<string, unknown>;
  return {
    $id: "https://hactl.dev/schema/v1alpha1/fleet.json",
    ...schema,
  };
}
