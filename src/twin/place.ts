/**
 * `place`: the twin of every cluster of a fleet, placed, summarised as plain data (what `hactl place`
 * prints and `hactl check` reads).
 * @module
 */
import type { Fleet } from "../model/fleet.js";
import type { TwinInput } from "./build.js";
import { createTwin } from "./twin.js";
import { SIMPLIFICATIONS, type NodeUtilisation, type PendingPod, type PodView, type TwinOptions, type VolumeView, type WorkloadView, type ZoneSummary } from "./types.js";

export interface ClusterPlacement {
  cluster: string;
  kubernetesVersion: string;
  seed: number;
  summary: { nodes: number; zones: number; pods: number; running: number; pending: number; preempted: number };
  zones: ZoneSummary[];
  nodes: NodeUtilisation[];
  workloads: WorkloadView[];
  pods: PodView[];
  pending: PendingPod[];
  volumes: VolumeView[];
  /** Where the twin's inputs were incomplete (default storage class chosen, ...). */
  notes: string[];
  simplifications: readonly string[];
}

export interface FleetPlacement {
  fleet: string;
  clusters: ClusterPlacement[];
}

/** Builds and places one cluster's twin. */
export function placeCluster(cluster: TwinInput, opts: TwinOptions = {}): ClusterPlacement {
  const twin = createTwin(cluster, opts);
  const r = twin.placeAll();
  const pods = twin.pods();
  const zones = twin.byZone();
  return {
    cluster: cluster.name,
    kubernetesVersion: cluster.version?.text ?? `1.${twin.minor}`,
    seed: twin.seed,
    summary: { nodes: twin.nodes().length, zones: zones.length, pods: pods.length, running: pods.filter((p) => p.phase === "Running").length, pending: pods.filter((p) => p.phase === "Pending").length, preempted: r.preempted },
    zones,
    nodes: twin.utilisation(),
    workloads: twin.workloads(),
    pods,
    pending: twin.pending(),
    volumes: twin.volumes(),
    notes: twin.notes,
    simplifications: SIMPLIFICATIONS,
  };
}

/** Places every cluster of a fleet (or only `cluster`). */
export function placeFleet(fleet: Fleet, opts: TwinOptions & { cluster?: string } = {}): FleetPlacement {
  const clusters = fleet.clusters.filter((c) => !opts.cluster || c.name === opts.cluster);
  return { fleet: fleet.name, clusters: clusters.map((c) => placeCluster(c, opts)) };
}
