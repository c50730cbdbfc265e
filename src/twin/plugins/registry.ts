/**
 * The default profile (`getDefaultPlugins` in kube-scheduler's v1 config): plugins in their
 * extension-point order and the default score weights. ImageLocality (weight 1) is left out: a
 * fleet declares no images cached on nodes, so it would add the same 0 to every node.
 * @module
 */
import type { PluginSet } from "../framework/scheduler.js";
import type { Handle } from "../framework/types.js";
import { InterPodAffinity } from "./interpodaffinity/interpodaffinity.js";
import { NodeAffinity } from "./nodeaffinity/nodeaffinity.js";
import { NodeName } from "./nodename/nodename.js";
import { NodePorts } from "./nodeports/nodeports.js";
import { NodeResourcesBalancedAllocation } from "./noderesources/balanced_allocation.js";
import { NodeResourcesFit } from "./noderesources/fit.js";
import { NodeUnschedulable } from "./nodeunschedulable/nodeunschedulable.js";
import { PodTopologySpread } from "./podtopologyspread/podtopologyspread.js";
import { TaintToleration } from "./tainttoleration/tainttoleration.js";
import { VolumeBinding } from "./volumebinding/volumebinding.js";
import { VolumeZone } from "./volumezone/volumezone.js";

/** Default score weights. */
export const DEFAULT_WEIGHTS: Readonly<Record<string, number>> = {
  TaintToleration: 3,
  NodeAffinity: 2,
  NodeResourcesFit: 1,
  PodTopologySpread: 2,
  InterPodAffinity: 2,
  NodeResourcesBalancedAllocation: 1,
};

export interface DefaultPlugins extends PluginSet {
  byName: {
    NodeUnschedulable: NodeUnschedulable;
    NodeName: NodeName;
    TaintToleration: TaintToleration;
    NodeAffinity: NodeAffinity;
    NodePorts: NodePorts;
    NodeResourcesFit: NodeResourcesFit;
    VolumeBinding: VolumeBinding;
    VolumeZone: VolumeZone;
    PodTopologySpread: PodTopologySpread;
    InterPodAffinity: InterPodAffinity;
    NodeResourcesBalancedAllocation: NodeResourcesBalancedAllocation;
  };
}

export function defaultPlugins(h: Handle): DefaultPlugins {
  const byName = {
    NodeUnschedulable: new NodeUnschedulable(h),
    NodeName: new NodeName(h),
    TaintToleration: new TaintToleration(h),
    NodeAffinity: new NodeAffinity(h),
    NodePorts: new NodePorts(h),
    NodeResourcesFit: new NodeResourcesFit(h),
    VolumeBinding: new VolumeBinding(h),
    VolumeZone: new VolumeZone(h),
    PodTopologySpread: new PodTopologySpread(h),
    InterPodAffinity: new InterPodAffinity(h),
    NodeResourcesBalancedAllocation: new NodeResourcesBalancedAllocation(h),
  };
  const b = byName;
  return {
    byName,
    preFilter: [b.NodeName, b.NodeAffinity, b.NodePorts, b.NodeResourcesFit, b.VolumeBinding, b.VolumeZone, b.PodTopologySpread, b.InterPodAffinity],
    filter: [b.NodeUnschedulable, b.NodeName, b.TaintToleration, b.NodeAffinity, b.NodePorts, b.NodeResourcesFit, b.VolumeBinding, b.VolumeZone, b.PodTopologySpread, b.InterPodAffinity],
    preScore: [b.TaintToleration, b.NodeAffinity, b.NodeResourcesFit, b.PodTopologySpread, b.InterPodAffinity, b.NodeResourcesBalancedAllocation],
    score: [
      { plugin: b.TaintToleration, weight: DEFAULT_WEIGHTS["TaintToleration"]! },
      { plugin: b.NodeAffinity, weight: DEFAULT_WEIGHTS["NodeAffinity"]! },
      { plugin: b.NodeResourcesFit, weight: DEFAULT_WEIGHTS["NodeResourcesFit"]! },
      { plugin: b.PodTopologySpread, weight: DEFAULT_WEIGHTS["PodTopologySpread"]! },
      { plugin: b.InterPodAffinity, weight: DEFAULT_WEIGHTS["InterPodAffinity"]! },
      { plugin: b.NodeResourcesBalancedAllocation, weight: DEFAULT_WEIGHTS["NodeResourcesBalancedAllocation"]! },
    ],
    bind: [b.VolumeBinding],
  };
}
