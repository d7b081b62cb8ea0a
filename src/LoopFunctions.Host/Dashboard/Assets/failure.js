// LoopFunctions dashboard: a Failed run's report on the instance page.
import { h } from "./ui.js";

// A Failed run's error as text: the message, the step that failed and how often it was tried.
export function failureReport(f) {
  return h("div", { id: "failure", class: "card failure" },
    h("h3", {}, "Failed"),
    h("pre", { id: "failure-message" }, f.message),
    f.step ? h("p", { id: "failure-step" }, "Step ", h("code", {}, f.step), ` failed on ${f.attempts} attempt${f.attempts === 1 ? "" : "s"}`,
      f.stepMessage && f.stepMessage !== f.message ? h("span", {}, ": ", f.stepMessage) : null) : null,
    f.errorType ? h("p", { class: "muted" }, f.errorType) : null,
    h("p", { class: "muted" }, "Fix the cause, then Rewind to run the failed step again from where it stopped."));
}
