// LoopFunctions dashboard: an iteration's attempt lanes (agent.attempts) in the instance page's timeline, one lane per
// attempt, the committed one marked.
import { h, fmtCost } from "./ui.js";

export function attemptLanes(attempts) {
  return attempts.length ? h("div", { class: "attempts" }, attempts.map(a => h("div", { class: `attempt${a.committed ? " committed" : ""}${a.passed === true ? " passed" : a.passed === false ? " failed" : ""}` },
    h("b", {}, `Attempt ${a.index}`), " ", h("span", { class: "muted" }, `${a.model || ""} ${a.tokens} tokens, ${fmtCost(a.costUsd)}`, a.insertions !== null ? `, +${a.insertions} -${a.deletions}` : ""),
    a.committed ? h("span", { class: "pass" }, " committed") : null,
    h("div", {}, a.agentSummary || ""),
    a.violations.length ? h("div", { class: "fail" }, "Guard: ", a.violations.join(", ")) : null,
    a.verification ? h("div", { class: a.passed ? "pass" : "fail" }, a.verification) : null))) : null;
}
