/**
 * Kubernetes readiness as a second health signal: a target's Service is ready when one of its
 * EndpointSlices (label kubernetes.io/service-name) has an endpoint whose `ready` condition is not
 * false (unset means ready, per the discovery.k8s.io/v1 API). Read through @kubernetes/client-node.
 * @module
 */
import type { GslbConfig } from "../config/types.js";

export interface Readiness {
  ready: boolean;
  detail: string;
}

export type ReadinessCheck = (namespace: string, service: string) => Promise<Readiness>;

/**
 * One readiness check per cluster this instance can see: those with a context in
 * `kubernetes.contexts`, and its own cluster through the default (in-cluster) config.
 */
export async function readinessChecks(
  config: GslbConfig,
  ownCluster: string | undefined,
  /** `--kubeconfig` / `--context` from the command line: they win over gslb.kubernetes (kubectl's precedence). */
  overrides: { kubeconfig?: string; context?: string } = {},
): Promise<Map<string, ReadinessCheck>> {
  const out = new Map<string, ReadinessCheck>();
  if (!config.kubernetes && ownCluster === undefined) return out;
  const k8s = await import("@kubernetes/client-node");
  const load = (context?: string) => {
    const kc = new k8s.KubeConfig();
    const file = overrides.kubeconfig ?? config.kubernetes?.kubeconfig;
    if (file) kc.loadFromFile(file);
    else kc.loadFromDefault();
    if (context) kc.setCurrentContext(context);
    return kc.makeApiClient(k8s.DiscoveryV1Api);
  };
  const check = (api: InstanceType<typeof k8s.DiscoveryV1Api>): ReadinessCheck => async (namespace, service) => {
    const list = await api.listNamespacedEndpointSlice({ namespace, labelSelector: `kubernetes.io/service-name=${service}` });
    let total = 0;
    let ready = 0;
    for (const slice of list.items) {
      for (const ep of slice.endpoints ?? []) {
        total++;
        if (ep.conditions?.ready !== false) ready++;
      }
    }
    return { ready: ready > 0, detail: `${ready}/${total} endpoints of ${namespace}/${service} ready` };
  };
  const wanted = new Set(config.hostnames.flatMap((h) => h.targets.filter((t) => t.service).map((t) => t.cluster)));
  for (const cluster of wanted) {
    const context = cluster === ownCluster ? (overrides.context ?? config.kubernetes?.contexts[cluster]) : config.kubernetes?.contexts[cluster];
    if (context !== undefined) out.set(cluster, check(load(context)));
    else if (cluster === ownCluster) out.set(cluster, check(load()));
  }
  return out;
}
