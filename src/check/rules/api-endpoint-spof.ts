/** The Kubernetes API reached through one node or one load-balancer instance. @module */
import { defineRule, plural } from "../rule.js";
import { clusterPath, duration } from "../view/fleet.js";

export default defineRule({
  id: "api-endpoint-spof",
  title: "The API endpoint is a single point of failure",
  category: "control-plane",
  severity: "critical",
  rationale:
    "Kubelets, controllers, operators and people reach the API servers through one endpoint. Several API servers do not " +
    "help when that endpoint is one node's address or one load-balancer instance: when it fails, the API is unreachable " +
    "although its servers run. The seeds' SPOF table rates the LB in front of the API servers 'high' and prescribes a " +
    "VIP (kube-vip, keepalived) or a redundant LB.",
  appliesTo: ["Fleet"],
  scope: "fleet",
  messages: {
    singleNode: "cluster {{cluster}} reaches its {{servers}} through one node's address{{address}}: losing that node makes the API unreachable",
    oneInstance: "cluster {{cluster}} reaches its {{servers}} through a {{kind}} endpoint with 1 instance: losing it makes the API unreachable",
  },
  check(ctx) {
    const fleet = ctx.fleet;
    if (!fleet) return;
    for (const c of fleet.clusters) {
      const cp = c.controlPlane;
      // One control-plane node is a single point of failure by itself (etcd-too-few-members); the endpoint adds nothing.
      if (cp.managed || cp.nodes.length < 2) continue;
      const ep = cp.endpoint;
      const at = [...clusterPath(fleet, c.name), "controlPlane", "endpoint"];
      const servers = plural(cp.nodes.length, "API server");
      const repair = duration(c.timing.nodeRepairMs);
      const consequence =
        `kubelets cannot renew their leases or report status, controllers and operators stop reconciling, and no pod is rescheduled until the endpoint is repaired (${repair} by the fleet's nodeRepair time). ` +
        "Running pods keep serving, but every recovery that needs the API waits.";
      if (ep.kind === "single-node") {
        ctx.report({
          subject: { kind: "Cluster", name: c.name },
          path: c.spec.controlPlane.endpoint ? [...at, "kind"] : [...clusterPath(fleet, c.name), "controlPlane"],
          messageId: "singleNode",
          data: { cluster: c.name, servers, address: ep.address ? ` (${ep.address})` : "" },
          mechanism: `Clients only know that node's address, so the other ${cp.nodes.length - 1} API servers cannot be reached when it fails: ${consequence}`,
          fix: "Put a virtual IP in front of the API servers — kube-vip (ARP or BGP, ~3 s failover) or keepalived + HAProxy on the control-plane nodes — or a redundant load balancer, and use it as the controlPlaneEndpoint.",
        });
      } else if (ep.instances <= 1) {
        ctx.report({
          subject: { kind: "Cluster", name: c.name },
          path: [...at, "instances"],
          messageId: "oneInstance",
          data: { cluster: c.name, servers, kind: ep.kind },
          mechanism: `Only one instance can hold the endpoint, so there is nothing to fail over to: ${consequence}`,
          fix:
            ep.kind === "haproxy-keepalived"
              ? "Run keepalived + HAProxy on at least 2 hosts (usually every control-plane node) so the VRRP address moves in ~3 s."
              : ep.kind === "kube-vip"
                ? `Run kube-vip on every control-plane node (${cp.nodes.length} candidates) so the VIP moves in ~3 s.`
                : "Use a load balancer with at least 2 instances (cloud LBs are multi-zone), or a VIP over the control-plane nodes.",
        });
      }
    }
  },
});
