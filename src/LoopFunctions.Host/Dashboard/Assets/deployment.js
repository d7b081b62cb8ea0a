// LoopFunctions dashboard: a run's deployment on the instance page, the plan while it waits or runs and the report
// once it ran.
import { h } from "./ui.js";

// The plan a person approves (what, where, which commit), from the custom status while it waits or runs.
export function deploymentPlan(d, awaiting) {
  return h("div", { id: "deployment-plan", class: "card deployment" },
    h("h3", {}, awaiting ? "Deployment waiting for approval" : "Deployment"),
    h("dl", {},
      h("dt", {}, "What"), h("dd", {}, h("code", {}, d.what)),
      h("dt", {}, "Where"), h("dd", {}, d.where || "(the publish link)"),
      h("dt", {}, "Commit"), h("dd", {}, h("code", { id: "deployment-commit" }, d.commit), " on ", d.branch),
      h("dt", {}, "Checks"), h("dd", {}, (d.checks || []).join(", ") || "none"),
      h("dt", {}, "Rollback"), h("dd", {}, d.rollback ? h("code", {}, d.rollback) : "none")));
}
export function deploymentReport(r) {
  return h("div", { id: "deployment-report" },
    h("h3", {}, "Deployment ", h("span", { class: r.succeeded ? "pass" : "fail" }, r.succeeded ? "succeeded" : "failed")),
    h("ul", {},
      h("li", { class: r.deploy.succeeded ? "pass" : "fail" }, r.deploy.summary),
      (r.checks || []).map(c => h("li", { class: c.passed ? "pass" : "fail" }, c.summary)),
      r.rollback ? h("li", { class: r.rollback.succeeded ? "pass" : "fail" }, r.rollback.summary) : null));
}
