// LoopFunctions dashboard: one instance (#/instance/{id}): its cards, the actions on it (approve, suspend, rewind, ...),
// its iterations and its raw status, input, output and history; polled while the run is live.
import { h, call, show, schedule, api, view, refreshState, fmtTime, fmtSpend, loopOf, phaseOf } from "./ui.js";
import { failureReport } from "./failure.js";
import { deploymentPlan, deploymentReport } from "./deployment.js";
import { iterationTimeline } from "./timeline.js";
import { transcriptBoxes } from "./transcript.js";
import { diffBoxes } from "./diff.js";

export async function instancePage(id) {
  const notice = h("p", { id: "notice" });
  const transcriptBox = transcriptBoxes(id);
  const diffBox = diffBoxes(id);
  // A rewind or restart of an ended run takes effect a moment later: keep polling until the status moves.
  let changeFrom = null;
  async function act(label, method, path, body, from) {
    try { await call(method, path, body); notice.className = "notice"; notice.textContent = label + " sent"; changeFrom = from || null; await load(); }
    catch (e) { notice.className = "error"; notice.textContent = e.message; }
  }
  async function load() {
    let res, timeline, failure = null;
    try {
      res = await call("GET", `${api}/instances/${encodeURIComponent(id)}?showHistory=true&showHistoryOutput=false`);
      timeline = (await call("GET", `/api/dashboard/instances/${encodeURIComponent(id)}/timeline`)).data;
      if (res.data.runtimeStatus === "Failed") failure = (await call("GET", `/api/dashboard/instances/${encodeURIComponent(id)}/failure`)).data;
    } catch (e) { show(view, h("p", { class: "error" }, e.message)); return; }
    const i = res.data, s = i.customStatus || {};
    const enc = encodeURIComponent(id);
    const comment = h("input", { id: "approval-comment", placeholder: "comment" });
    const live = res.status === 202;
    const awaiting = live && phaseOf(i) === "AwaitingApproval";
    show(view,
      h("h2", {}, i.instanceId),
      h("div", { class: "cards" },
        h("div", { class: "card" }, "Status", h("b", { id: "instance-status", class: "status " + i.runtimeStatus }, i.runtimeStatus)),
        h("div", { class: "card" }, "Loop", h("b", {}, loopOf(i))),
        h("div", { class: "card" }, "Phase", h("b", { id: "instance-phase" }, phaseOf(i))),
        h("div", { class: "card" }, "Iteration", h("b", {}, s.iteration ?? "")),
        s.model ? h("div", { class: "card" }, "Model", h("b", { id: "instance-model" }, s.model)) : null,
        h("div", { class: "card" }, "Tokens", h("b", {}, s.spent ? (s.spent.inputTokens + s.spent.outputTokens) : "")),
        h("div", { class: "card" }, "Cost", h("b", {}, s.spent ? fmtSpend(s.spent.costUsd, s.spent.unpriced) : ""))),
      failure ? failureReport(failure) : null,
      s.lastVerification ? h("p", {}, "Last verification: ", s.lastVerification) : null,
      i.output && i.output.publishedUrl ? h("p", { id: "published" }, "Published: ", h("a", { href: i.output.publishedUrl, target: "_blank", rel: "noopener noreferrer" }, "open the published folder")) : null,
      i.output && i.output.pullRequestUrl ? h("p", {}, "Pull request: ", h("a", { href: i.output.pullRequestUrl, target: "_blank", rel: "noopener noreferrer" }, i.output.pullRequestUrl)) : null,
      i.output && i.output.pullRequest && i.output.pullRequest.commentUrl ? h("p", {}, "Review comment: ", h("a", { href: i.output.pullRequest.commentUrl, target: "_blank", rel: "noopener noreferrer" }, `#${i.output.pullRequest.number} in ${i.output.pullRequest.repository}`)) : null,
      i.output && i.output.handOffBranch ? h("p", { class: "fail" }, "Handed off to ", h("code", {}, i.output.handOffBranch)) : null,
      s.deployment ? deploymentPlan(s.deployment, awaiting) : null,
      i.output && i.output.deployment ? deploymentReport(i.output.deployment) : null,
      h("div", { class: "actions" },
        h("button", { id: "approve", class: "primary", disabled: !awaiting, onclick: () => act("approval", "POST", `${api}/instances/${enc}/raiseEvent/approval`, { approved: true, comment: comment.value || null, by: "dashboard" }) }, "Approve"),
        h("button", { id: "reject", disabled: !awaiting, onclick: () => act("rejection", "POST", `${api}/instances/${enc}/raiseEvent/approval`, { approved: false, comment: comment.value || null, by: "dashboard" }) }, "Reject"),
        comment,
        h("button", { id: "suspend", disabled: !live, onclick: () => act("suspend", "POST", `${api}/instances/${enc}/suspend`) }, "Suspend"),
        h("button", { id: "resume", disabled: !live, onclick: () => act("resume", "POST", `${api}/instances/${enc}/resume`) }, "Resume"),
        h("button", { id: "terminate", class: "danger", disabled: !live, onclick: () => act("terminate", "POST", `${api}/instances/${enc}/terminate?reason=dashboard`) }, "Terminate"),
        h("button", { id: "rewind", disabled: i.runtimeStatus !== "Failed", title: "run the failed step again and carry on", onclick: () => act("rewind", "POST", `${api}/instances/${enc}/rewind?reason=dashboard`, undefined, i.runtimeStatus) }, "Rewind"),
        h("button", { id: "restart", disabled: live, onclick: () => act("restart", "POST", `${api}/instances/${enc}/restart?restartWithNewInstanceId=false`, undefined, i.runtimeStatus) }, "Restart"),
        h("button", { id: "purge", class: "danger", disabled: live, onclick: async () => { await act("purge", "DELETE", `${api}/instances/${enc}`); location.hash = "#/"; } }, "Purge")),
      notice,
      h("h3", {}, "Iterations"),
      iterationTimeline(timeline, s, live, transcriptBox, diffBox),
      timeline.length || live ? null : h("p", { class: "muted" }, "No iterations yet."),
      h("details", {}, h("summary", {}, "Custom status"), h("pre", {}, JSON.stringify(i.customStatus, null, 2))),
      h("details", {}, h("summary", {}, "Input"), h("pre", {}, JSON.stringify(i.input, null, 2))),
      h("details", { open: !live }, h("summary", {}, "Output"), h("pre", { id: "instance-output" }, JSON.stringify(i.output, null, 2))),
      h("details", {}, h("summary", {}, `History (${(i.historyEvents || []).length} events)`),
        h("table", { id: "history" }, h("tbody", {}, (i.historyEvents || []).map(e => h("tr", {}, h("td", {}, fmtTime(e.Timestamp)), h("td", {}, e.EventType), h("td", {}, e.Name || "")))))));
    refreshState.textContent = "updated " + new Date().toLocaleTimeString();
    if (changeFrom && i.runtimeStatus !== changeFrom) changeFrom = null;
    if (live || changeFrom) schedule(load, 2000);
  }
  await load();
}
