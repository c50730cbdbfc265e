/**
 * PersistentVolumeClaims and the volumes behind them, as far as scheduling sees them: a claim is
 * bound (its volume pins pods to a zone or a node through node affinity or zone labels) or waits for
 * its first consumer (WaitForFirstConsumer: bound where the first pod lands), or is an unbound
 * Immediate claim that blocks its pods.
 * @module
 */
import type { NodeMatcher } from "../../k8s/pod.js";

export interface VolumeBackend {
  name: string;
  provider: string;
  zonal: boolean;
  /** Local disks: the volume lives on one node. */
  local: boolean;
  mode: "Immediate" | "WaitForFirstConsumer";
  /** Nodes that can hold the backend's volumes (storage nodes; default every worker). */
  nodes?: ReadonlySet<string>;
  replication: string;
}

export interface Volume {
  id: number;
  namespace: string;
  claim: string;
  storageClass?: string;
  backend?: VolumeBackend;
  accessModes: string[];
  /** Claim from a StatefulSet volumeClaimTemplate. */
  fromTemplate: boolean;
  /** The claim exists (a pod may name a claim that is not in the manifests). */
  exists: boolean;
  bound: boolean;
  /** Zone the volume lives in (zonal backends), fixed at binding. */
  zone?: string;
  /** Node the volume lives on (local backends), fixed at binding. */
  node?: string;
  /** A pre-provisioned PersistentVolume: its `topology.kubernetes.io/zone` label values (VolumeZone) and node affinity (VolumeBinding). */
  pv?: { name: string; zones?: string[]; nodeAffinity?: NodeMatcher };
}

export class VolumeTable {
  readonly list: Volume[] = [];
  private readonly byName = new Map<string, Volume>();

  get(namespace: string, claim: string): Volume | undefined {
    return this.byName.get(`${namespace}/${claim}`);
  }

  add(v: Omit<Volume, "id">): Volume {
    const existing = this.get(v.namespace, v.claim);
    if (existing) return existing;
    const vol = { ...v, id: this.list.length } as Volume;
    this.list.push(vol);
    this.byName.set(`${v.namespace}/${v.claim}`, vol);
    return vol;
  }
}
