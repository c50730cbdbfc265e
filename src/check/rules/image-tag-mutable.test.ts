import { deployment } from "../../../test/check/builders.js";
import { testRule } from "../../../test/check/rule-tester.js";
import rule from "./image-tag-mutable.js";

testRule(rule, {
  valid: [
    { name: "version tag", objects: [deployment("web").image("registry.example.com:5000/team/app:1.2.3").obj()] },
    { name: "digest", objects: [deployment("web").image("app@sha256:0123456789abcdef").obj()] },
  ],
  invalid: [
    { name: "latest", objects: [deployment("web").image("nginx:latest").obj()], findings: [{ messageId: "mutable", path: "spec.template.spec.containers[0].image", message: 'image "nginx:latest"' }] },
    { name: "no tag, registry with port", objects: [deployment("web").image("registry.example.com:5000/team/app").obj()], findings: [{ message: "with no tag (= latest)" }] },
  ],
});
