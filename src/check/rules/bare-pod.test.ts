import { testRule } from "../../../test/check/rule-tester.js";
import rule from "./bare-pod.js";

const pod = (name: string, meta: Record<string, unknown> = {}) => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, namespace: "default", ...meta },
  spec: { containers: [{ name: "app", image: "app:1" }] },
});

testRule(rule, {
  valid: [{ name: "pod owned by a ReplicaSet", objects: [pod("web-abc", { ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: "web", uid: "1", controller: true }] })] }],
  invalid: [{ name: "bare pod", objects: [pod("debug")], findings: [{ messageId: "bare", object: "Pod/debug", path: "metadata.name" }] }],
});
