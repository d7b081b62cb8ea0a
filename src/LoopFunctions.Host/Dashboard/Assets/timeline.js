// LoopFunctions dashboard: the instance page's iterations, one entry per finished iteration (with its attempt lanes,
// transcript and diff) and the running one last.
import { h, fmtCost } from "./ui.js";
import { attemptLanes } from "./attempts.js";

// timeline: /api/dashboard/instances/{id}/timeline; s: the custom status; live: the run has not ended.
export function iterationTimeline(timeline, s, live, transcriptBox, diffBox) {
  return h("ol", { class: "timeline", id: "timeline" }, timeline.map(t => h("li", { class: t.passed === true ? "passed" : t.passed === false ? "failed" : "" },
    h("b", {}, `Iteration ${t.iteration}`), " ", h("span", { class: "muted" }, `${t.tokens} tokens, ${fmtCost(t.costUsd)}`,
      t.filesChanged !== null ? `, ${t.filesChanged} file(s) +${t.insertions} -${t.deletions}` : "", t.commit ? `, commit ${t.commit.slice(0, 10)}` : ""),
    h("div", {}, t.agentSummary || ""),
    attemptLanes(t.attempts),
    t.violations.length ? h("div", { class: "fail" }, "Guard: ", t.violations.join(", ")) : null,
    t.verification ? h("div", { class: t.passed ? "pass" : "fail" }, "Verification: ", t.verification) : null,
    t.unchanged ? h("div", { class: "muted unchanged" }, "The agent left the tree unchanged: not verified again.") : null,
    t.checks.length ? h("ul", {}, t.checks.map(c => h("li", { class: c.passed ? "pass" : "fail" }, `${c.name}: ${c.summary}`))) : null,
    h("div", { class: "iteration-detail" }, transcriptBox(t.iteration, false), diffBox(t.iteration)))),
    live && s.iteration && !timeline.some(t => t.iteration === s.iteration)
      ? h("li", { class: "running", id: "running-iteration" }, h("b", {}, `Iteration ${s.iteration}`), " ", h("span", { class: "muted" }, "running"), transcriptBox(s.iteration, true))
      : null);
}
