/**
 * `hactl gslb generate`: the Kubernetes manifests that run one GSLB instance per cluster (config,
 * secret, RBAC for EndpointSlice readiness, Deployment with health probes and a lame-duck-aware
 * grace period, Services for DNS and the admin/peer API), and the NS delegation records (with glue)
 * to put in the parent zone. Pure: config and options in, text out.
 * @module
 */
import { stringify } from "yaml";
import type { GslbConfig } from "./config/types.js";

export interface GenerateOptions {
  image: string;
  namespace: string;
  /** The GSLB document each instance loads (kind: GSLB), as YAML-able data. */
  document: Record<string, unknown>;
  /** Shared secrets for the Secret (the same in every cluster). */
  peerSecret: string;
  adminToken: string;
}

export interface Generated {
  /** Cluster (instance) name → multi-document YAML. */
  manifests: Record<string, string>;
  /** Zone-file lines for the parent zone. */
  delegation: string;
}

export function generateGslb(config: GslbConfig, opts: GenerateOptions): Generated {
  const instances = config.peers.length > 0 ? config.peers.map((p) => p.name) : [...new Set(config.hostnames.flatMap((h) => h.targets.map((t) => t.cluster)))];
  const dnsPort = config.listen.dns.port;
  const adminPort = config.listen.admin.port;
  const labels = { "app.kubernetes.io/name": "hactl-gslb", "app.kubernetes.io/part-of": "hactl" };
  const manifests: Record<string, string> = {};
  for (const instance of instances) {
    const docs: Record<string, unknown>[] = [
      { apiVersion: "v1", kind: "Namespace", metadata: { name: opts.namespace, labels } },
      { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "hactl-gslb", namespace: opts.namespace, labels }, data: { "gslb.yaml": stringify(opts.document, { lineWidth: 0 }) } },
      {
        apiVersion: "v1",
        kind: "Secret",
        metadata: { name: "hactl-gslb", namespace: opts.namespace, labels },
        type: "Opaque",
        stringData: { [config.peerSecretEnv]: opts.peerSecret, [config.adminTokenEnv]: opts.adminToken },
      },
      { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "hactl-gslb", namespace: opts.namespace, labels } },
      {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "ClusterRole",
        metadata: { name: "hactl-gslb-readiness", labels },
        rules: [{ apiGroups: ["discovery.k8s.io"], resources: ["endpointslices"], verbs: ["get", "list", "watch"] }],
      },
      {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "ClusterRoleBinding",
        metadata: { name: "hactl-gslb-readiness", labels },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "hactl-gslb-readiness" },
        subjects: [{ kind: "ServiceAccount", name: "hactl-gslb", namespace: opts.namespace }],
      },
      {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: "hactl-gslb", namespace: opts.namespace, labels: { ...labels, "hactl.dev/instance": instance } },
        spec: {
          // Two pods of the same instance: they vote under one name, so either may answer peers.
          replicas: 2,
          selector: { matchLabels: labels },
          strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
          template: {
            metadata: { labels },
            spec: {
              serviceAccountName: "hactl-gslb",
              terminationGracePeriodSeconds: Math.ceil(config.lameDuckMs / 1000) + 10,
              topologySpreadConstraints: [{ maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: labels } }],
              affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { topologyKey: "kubernetes.io/hostname", labelSelector: { matchLabels: labels } } }] } },
              containers: [
                {
                  name: "gslb",
                  image: opts.image,
                  args: ["gslb", "serve", "-f", "/etc/hactl/gslb.yaml", "--instance", instance, "--cluster", instance],
                  envFrom: [{ secretRef: { name: "hactl-gslb" } }],
                  ports: [
                    { name: "dns-udp", containerPort: dnsPort, protocol: "UDP" },
                    { name: "dns-tcp", containerPort: dnsPort, protocol: "TCP" },
                    { name: "admin", containerPort: adminPort, protocol: "TCP" },
                  ],
                  livenessProbe: { httpGet: { path: "/healthz", port: "admin" }, periodSeconds: 10, failureThreshold: 3 },
                  readinessProbe: { httpGet: { path: "/readyz", port: "admin" }, periodSeconds: 2, failureThreshold: 1 },
                  resources: { requests: { cpu: "200m", memory: "128Mi" }, limits: { memory: "512Mi" } },
                  securityContext: {
                    runAsNonRoot: true,
                    runAsUser: 65532,
                    allowPrivilegeEscalation: false,
                    readOnlyRootFilesystem: true,
                    capabilities: { drop: ["ALL"], add: dnsPort < 1024 ? ["NET_BIND_SERVICE"] : [] },
                  },
                  volumeMounts: [{ name: "config", mountPath: "/etc/hactl", readOnly: true }],
                },
              ],
              volumes: [{ name: "config", configMap: { name: "hactl-gslb" } }],
            },
          },
        },
      },
      { apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: { name: "hactl-gslb", namespace: opts.namespace, labels }, spec: { minAvailable: 1, selector: { matchLabels: labels } } },
      {
        apiVersion: "v1",
        kind: "Service",
        metadata: { name: "hactl-gslb-dns", namespace: opts.namespace, labels, annotations: { "hactl.dev/note": "give this LoadBalancer the address of this instance's name server (see the delegation records)" } },
        spec: {
          type: "LoadBalancer",
          externalTrafficPolicy: "Local",
          selector: labels,
          ports: [
            { name: "dns-udp", port: 53, targetPort: dnsPort, protocol: "UDP" },
            { name: "dns-tcp", port: 53, targetPort: dnsPort, protocol: "TCP" },
          ],
        },
      },
      {
        apiVersion: "v1",
        kind: "Service",
        metadata: { name: "hactl-gslb-admin", namespace: opts.namespace, labels, annotations: { "hactl.dev/note": "peers read observations here (HMAC-authenticated); expose it to the other clusters only" } },
        spec: { type: "LoadBalancer", selector: labels, ports: [{ name: "admin", port: adminPort, targetPort: adminPort, protocol: "TCP" }] },
      },
    ];
    manifests[instance] = `# hactl gslb instance "${instance}": apply to cluster ${instance}\n${docs.map((d) => stringify(d, { lineWidth: 0 })).join("---\n")}`;
  }
  const lines: string[] = ["; NS delegation for the parent zone (generated by hactl gslb generate)"];
  for (const z of config.zones) {
    lines.push(`; zone ${z.name}: one name server per GSLB instance`);
    for (const ns of z.nameservers) lines.push(`${z.name}.\t${z.soaTtl}\tIN\tNS\t${ns.name}.`);
    for (const ns of z.nameservers) {
      const inside = ns.name === z.name || ns.name.endsWith(`.${z.name}`);
      if (ns.addresses.length > 0) lines.push(inside ? `; glue for ${ns.name} (inside the delegated zone)` : `; address of ${ns.name} (outside the delegated zone: an ordinary record wherever that name lives)`);
      for (const a of ns.addresses) lines.push(`${ns.name}.\t${z.soaTtl}\tIN\t${a.includes(":") ? "AAAA" : "A"}\t${a}`);
    }
  }
  return { manifests, delegation: `${lines.join("\n")}\n` };
}
