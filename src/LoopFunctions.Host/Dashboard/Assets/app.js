// LoopFunctions dashboard: a small single page over the management API. Every piece of text from an instance
// (agent summaries, check output, inputs) is inserted as text, never as HTML.
"use strict";
(() => {
  const params = new URLSearchParams(location.search);
  const key = params.get("code") || sessionStorage.getItem("loopfn-key") || "";
  if (key) sessionStorage.setItem("loopfn-key", key);
  const api = "/runtime/webhooks/durabletask";
  const view = document.getElementById("view");
  const refreshState = document.getElementById("refresh-state");
  let timer = null;

  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
      else if (v !== null && v !== undefined && v !== false) el.setAttribute(k, v === true ? "" : v);
    }
    for (const c of children.flat()) if (c !== null && c !== undefined) el.append(c instanceof Node ? c : String(c));
    return el;
  }

  async function call(method, path, body) {
    const headers = { "Accept": "application/json" };
    if (key) headers["x-functions-key"] = key;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    let data = null;
    try { data = text ? JSON.parse(text) : null; } catch { data = text; }
    if (res.status >= 400) throw new Error((data && data.error) || `${method} ${path}: HTTP ${res.status}`);
    return { status: res.status, data, headers: res.headers };
  }

  const fmtTime = t => t ? new Date(t).toLocaleString() : "";
  const fmtCost = c => "$" + Number(c || 0).toFixed(4);
  // Spend on a model without a price counts $0: say so instead of showing an amount that looks complete.
  const fmtSpend = (c, unpriced) => !unpriced ? fmtCost(c) : Number(c || 0) === 0 ? "unpriced" : fmtCost(c) + " + unpriced";
  const loopOf = i => (i.input && i.input.loop) || (i.customStatus && i.customStatus.loop) || i.name;
  const phaseOf = i => (i.customStatus && i.customStatus.phase !== undefined) ? String(i.customStatus.phase) : "";
  // The loop's outcome (Verified, Stalled, ...): an ended run's result, else what the run reported last; a Failed run
  // is Failed whatever it reported before it failed.
  const outcomeOf = i => i.runtimeStatus === "Failed" ? "Failed"
    : (i.output && typeof i.output === "object" && i.output.outcome) || (i.customStatus && i.customStatus.outcome) || "";
  const outcomes = ["Verified", "Stalled", "BudgetExhausted", "MaxIterations", "Rejected", "HandedOff", "DeployFailed", "Failed"];

  function schedule(fn, ms) { clearTimeout(timer); timer = setTimeout(fn, ms); }

  // replaceChildren would print null as text; conditional parts of a page are null when absent.
  function show(target, ...nodes) { target.replaceChildren(...nodes.flat().filter(n => n !== null && n !== undefined)); }

  // ---- instances list ----
  const filters = { loop: "", status: "", outcome: "", from: "", to: "", text: "" };
  async function listPage() {
    const form = h("div", { class: "filters" },
      h("label", {}, "Loop", h("input", { id: "f-loop", value: filters.loop, oninput: e => { filters.loop = e.target.value; render(); } })),
      h("label", {}, "Status", h("select", { id: "f-status", onchange: e => { filters.status = e.target.value; load(); } },
        ["", "Pending", "Running", "Suspended", "Completed", "Failed", "Terminated"].map(s => h("option", { value: s, selected: s === filters.status }, s || "any")))),
      h("label", {}, "Outcome", h("select", { id: "f-outcome", onchange: e => { filters.outcome = e.target.value; render(); } },
        ["", ...outcomes].map(o => h("option", { value: o, selected: o === filters.outcome }, o || "any")))),
      h("label", {}, "Created from", h("input", { id: "f-from", type: "date", value: filters.from, onchange: e => { filters.from = e.target.value; load(); } })),
      h("label", {}, "Created to", h("input", { id: "f-to", type: "date", value: filters.to, onchange: e => { filters.to = e.target.value; load(); } })),
      h("label", {}, "Text", h("input", { id: "f-text", value: filters.text, placeholder: "id, loop, phase", oninput: e => { filters.text = e.target.value; render(); } })));
    const schedules = h("div", { class: "muted", id: "schedules" });
    const table = h("div", { id: "instances" });
    show(view, h("h2", {}, "Instances"), form, table, schedules);
    let instances = [];
    function render() {
      const text = filters.text.toLowerCase();
      const rows = instances.filter(i => (!filters.loop || loopOf(i).toLowerCase().includes(filters.loop.toLowerCase()))
        && (!filters.outcome || outcomeOf(i) === filters.outcome)
        && (!text || [i.instanceId, loopOf(i), phaseOf(i), i.runtimeStatus, outcomeOf(i)].join(" ").toLowerCase().includes(text)));
      show(table, h("table", { id: "instance-table" },
        h("thead", {}, h("tr", {}, ["Instance", "Loop", "Status", "Outcome", "Phase", "Iteration", "Cost", "Created", "Updated"].map(c => h("th", {}, c)))),
        h("tbody", {}, rows.map(i => h("tr", { "data-instance": i.instanceId },
          h("td", {}, h("a", { href: "#/instance/" + encodeURIComponent(i.instanceId) }, i.instanceId)),
          h("td", {}, loopOf(i)),
          h("td", { class: "status " + i.runtimeStatus }, i.runtimeStatus),
          h("td", { class: "outcome " + outcomeOf(i) }, outcomeOf(i)),
          h("td", {}, phaseOf(i)),
          h("td", {}, i.customStatus ? i.customStatus.iteration : ""),
          h("td", {}, i.customStatus && i.customStatus.spent ? fmtSpend(i.customStatus.spent.costUsd, i.customStatus.spent.unpriced) : ""),
          h("td", {}, fmtTime(i.createdTime)),
          h("td", {}, fmtTime(i.lastUpdatedTime)))))),
        rows.length ? null : h("p", { class: "muted" }, "No instances match."));
    }
    async function load() {
      const q = new URLSearchParams({ top: "200" });
      if (filters.status) q.set("runtimeStatus", filters.status);
      if (filters.from) q.set("createdTimeFrom", new Date(filters.from + "T00:00:00Z").toISOString());
      if (filters.to) q.set("createdTimeTo", new Date(filters.to + "T23:59:59Z").toISOString());
      try {
        const res = await call("GET", `${api}/instances?${q}`);
        instances = res.data.sort((a, b) => b.createdTime.localeCompare(a.createdTime));
        render();
        refreshState.textContent = "updated " + new Date().toLocaleTimeString();
      } catch (e) { show(table, h("p", { class: "error" }, e.message)); }
      schedule(load, 2000);
    }
    call("GET", "/api/dashboard/schedules").then(r => {
      if (r.data.length) show(schedules, "Next schedule fires: ", r.data.map(s => `${s.loop} at ${fmtTime(s.next)}`).join("; "));
    }).catch(() => {});
    await load();
  }

  // ---- one instance ----
  async function instancePage(id) {
    const notice = h("p", { id: "notice" });
    // Transcripts the reader opened stay open across the page's refreshes; entries already read are kept, and an
    // iteration still running is read on from where the last read stopped.
    const transcripts = { open: new Set(), read: new Map() };
    function transcriptBox(iteration, running) {
      const body = h("div", { class: "transcript-body" });
      let filled = false;
      async function fill() {
        if (filled) return;
        filled = true;
        let got = transcripts.read.get(iteration);
        if (!got || running) {
          try {
            const r = (await call("GET", `/api/dashboard/instances/${encodeURIComponent(id)}/transcript?iteration=${iteration}&from=${got ? got.nextOffset : 0}`)).data;
            got = { entries: [...(got ? got.entries : []), ...r.entries], nextOffset: r.nextOffset };
            transcripts.read.set(iteration, got);
          } catch (e) { show(body, h("p", { class: "error" }, e.message)); return; }
        }
        show(body, got.entries.length ? got.entries.map(transcriptEntry) : h("p", { class: "muted" }, "No transcript."));
      }
      const box = h("details", { class: "transcript", "data-iteration": iteration, open: transcripts.open.has(iteration),
        ontoggle: () => { if (box.open) { transcripts.open.add(iteration); fill(); } else transcripts.open.delete(iteration); } },
        h("summary", {}, running ? "Transcript (running)" : "Transcript"), body);
      if (box.open) fill();
      return box;
    }
    // The iteration's commit as a diff, per file, read once when first opened (a committed iteration does not change).
    const diffs = { open: new Set(), read: new Map() };
    function diffBox(iteration) {
      const body = h("div", { class: "diff-body" });
      async function fill() {
        let d = diffs.read.get(iteration);
        if (!d) {
          try { d = (await call("GET", `/api/dashboard/instances/${encodeURIComponent(id)}/iterations/${iteration}/diff`)).data; diffs.read.set(iteration, d); }
          catch (e) { show(body, h("p", { class: "error" }, e.message)); return; }
        }
        show(body, d.note ? h("p", { class: "muted" }, d.note) : null,
          d.files.map(f => h("details", { class: "diff-file", open: true }, h("summary", {}, f.path),
            h("pre", {}, f.diff.split("\n").map(l => h("span", { class: l.startsWith("@@") ? "hunk" : l.startsWith("+") && !l.startsWith("+++") ? "add" : l.startsWith("-") && !l.startsWith("---") ? "del" : "" }, l + "\n"))))),
          d.truncated ? h("p", { class: "muted" }, "Diff cut; the loop branch has all of it.") : null);
      }
      const box = h("details", { class: "diff", "data-iteration": iteration, open: diffs.open.has(iteration),
        ontoggle: () => { if (box.open) { diffs.open.add(iteration); fill(); } else diffs.open.delete(iteration); } },
        h("summary", {}, "Diff"), body);
      if (box.open) fill();
      return box;
    }
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
        h("ol", { class: "timeline", id: "timeline" }, timeline.map(t => h("li", { class: t.passed === true ? "passed" : t.passed === false ? "failed" : "" },
          h("b", {}, `Iteration ${t.iteration}`), " ", h("span", { class: "muted" }, `${t.tokens} tokens, ${fmtCost(t.costUsd)}`,
            t.filesChanged !== null ? `, ${t.filesChanged} file(s) +${t.insertions} -${t.deletions}` : "", t.commit ? `, commit ${t.commit.slice(0, 10)}` : ""),
          h("div", {}, t.agentSummary || ""),
          t.attempts.length ? h("div", { class: "attempts" }, t.attempts.map(a => h("div", { class: `attempt${a.committed ? " committed" : ""}${a.passed === true ? " passed" : a.passed === false ? " failed" : ""}` },
            h("b", {}, `Attempt ${a.index}`), " ", h("span", { class: "muted" }, `${a.model || ""} ${a.tokens} tokens, ${fmtCost(a.costUsd)}`, a.insertions !== null ? `, +${a.insertions} -${a.deletions}` : ""),
            a.committed ? h("span", { class: "pass" }, " committed") : null,
            h("div", {}, a.agentSummary || ""),
            a.violations.length ? h("div", { class: "fail" }, "Guard: ", a.violations.join(", ")) : null,
            a.verification ? h("div", { class: a.passed ? "pass" : "fail" }, a.verification) : null))) : null,
          t.violations.length ? h("div", { class: "fail" }, "Guard: ", t.violations.join(", ")) : null,
          t.verification ? h("div", { class: t.passed ? "pass" : "fail" }, "Verification: ", t.verification) : null,
          t.unchanged ? h("div", { class: "muted unchanged" }, "The agent left the tree unchanged: not verified again.") : null,
          t.checks.length ? h("ul", {}, t.checks.map(c => h("li", { class: c.passed ? "pass" : "fail" }, `${c.name}: ${c.summary}`))) : null,
          h("div", { class: "iteration-detail" }, transcriptBox(t.iteration, false), diffBox(t.iteration)))),
          live && s.iteration && !timeline.some(t => t.iteration === s.iteration)
            ? h("li", { class: "running", id: "running-iteration" }, h("b", {}, `Iteration ${s.iteration}`), " ", h("span", { class: "muted" }, "running"), transcriptBox(s.iteration, true))
            : null),
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

  // One transcript entry, as text: tool calls and their results fold away, everything else reads in order.
  function transcriptEntry(e) {
    const when = e.time ? new Date(e.time).toLocaleTimeString() : "";
    const label = (e.attempt ? `attempt ${e.attempt} ` : "") + (e.tool ? `${e.kind} ${e.tool}` : e.kind);
    if (e.kind === "tool_call" || e.kind === "tool_result") {
      return h("details", { class: "entry " + e.kind }, h("summary", {}, h("span", { class: "muted" }, when + " "), label), h("pre", {}, e.text));
    }
    return h("div", { class: "entry " + e.kind }, h("span", { class: "muted" }, `${when} ${label}`), h("pre", {}, e.text));
  }

  // A Failed run's error as text: the message, the step that failed and how often it was tried.
  function failureReport(f) {
    return h("div", { id: "failure", class: "card failure" },
      h("h3", {}, "Failed"),
      h("pre", { id: "failure-message" }, f.message),
      f.step ? h("p", { id: "failure-step" }, "Step ", h("code", {}, f.step), ` failed on ${f.attempts} attempt${f.attempts === 1 ? "" : "s"}`,
        f.stepMessage && f.stepMessage !== f.message ? h("span", {}, ": ", f.stepMessage) : null) : null,
      f.errorType ? h("p", { class: "muted" }, f.errorType) : null,
      h("p", { class: "muted" }, "Fix the cause, then Rewind to run the failed step again from where it stopped."));
  }

  // ---- deployments ----
  // The plan a person approves (what, where, which commit), from the custom status while it waits or runs.
  function deploymentPlan(d, awaiting) {
    return h("div", { id: "deployment-plan", class: "card deployment" },
      h("h3", {}, awaiting ? "Deployment waiting for approval" : "Deployment"),
      h("dl", {},
        h("dt", {}, "What"), h("dd", {}, h("code", {}, d.what)),
        h("dt", {}, "Where"), h("dd", {}, d.where || "(the publish link)"),
        h("dt", {}, "Commit"), h("dd", {}, h("code", { id: "deployment-commit" }, d.commit), " on ", d.branch),
        h("dt", {}, "Checks"), h("dd", {}, (d.checks || []).join(", ") || "none"),
        h("dt", {}, "Rollback"), h("dd", {}, d.rollback ? h("code", {}, d.rollback) : "none")));
  }
  function deploymentReport(r) {
    return h("div", { id: "deployment-report" },
      h("h3", {}, "Deployment ", h("span", { class: r.succeeded ? "pass" : "fail" }, r.succeeded ? "succeeded" : "failed")),
      h("ul", {},
        h("li", { class: r.deploy.succeeded ? "pass" : "fail" }, r.deploy.summary),
        (r.checks || []).map(c => h("li", { class: c.passed ? "pass" : "fail" }, c.summary)),
        r.rollback ? h("li", { class: r.rollback.succeeded ? "pass" : "fail" }, r.rollback.summary) : null));
  }

  // ---- spend ----
  // A bar per loop and day, with its value over the bar and "loop day" under it; drawn as SVG, no chart library.
  function bars(rows, value, label, format) {
    const bw = 44, gap = 28, hgt = 140, top = 18, w = Math.max(320, rows.length * (bw + gap) + gap), max = Math.max(...rows.map(value), 0.0001);
    const ns = "http://www.w3.org/2000/svg", svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", `0 0 ${w} ${hgt + top + 34}`); svg.setAttribute("width", w); svg.setAttribute("role", "img"); svg.setAttribute("aria-label", label);
    const el = (tag, attrs, text) => { const e = document.createElementNS(ns, tag); Object.entries(attrs).forEach(([k, v]) => e.setAttribute(k, v)); if (text !== undefined) e.textContent = text; return e; };
    svg.append(el("line", { x1: 0, y1: top + hgt, x2: w, y2: top + hgt, stroke: "#dfe3ea" }));
    rows.forEach((r, i) => {
      const v = value(r), bh = Math.max(1, (v / max) * hgt), x = gap + i * (bw + gap);
      const rect = el("rect", { x, y: top + hgt - bh, width: bw, height: bh, fill: "#2457c5", rx: 2 });
      rect.append(el("title", {}, `${r.loop} ${r.day}: ${format(v)}`));
      svg.append(rect, el("text", { x: x + bw / 2, y: top + hgt - bh - 4, "text-anchor": "middle" }, format(v)),
        el("text", { x: x + bw / 2, y: top + hgt + 14, "text-anchor": "middle" }, r.loop), el("text", { x: x + bw / 2, y: top + hgt + 28, "text-anchor": "middle" }, r.day.slice(5)));
    });
    return h("figure", { class: "chart" }, h("figcaption", {}, label), svg);
  }
  async function spendPage() {
    let rows, models;
    try {
      rows = (await call("GET", "/api/dashboard/spend?days=90")).data;
      models = (await call("GET", "/api/dashboard/spend/models?days=90")).data;
    }
    catch (e) { show(view, h("p", { class: "error" }, e.message)); return; }
    const byLoop = {};
    for (const r of rows) { const t = byLoop[r.loop] ||= { runs: 0, verified: 0, tokens: 0, cost: 0 }; t.runs += r.runs; t.verified += r.verified; t.tokens += r.tokens; t.cost += r.costUsd; }
    show(view, h("h2", {}, "Spend"),
      h("table", { id: "spend-table" }, h("thead", {}, h("tr", {}, ["Loop", "Runs", "Verified rate", "Tokens", "Cost", "Cost per verified run"].map(c => h("th", {}, c)))),
        h("tbody", {}, Object.entries(byLoop).map(([loop, t]) => h("tr", {}, h("td", {}, loop), h("td", {}, t.runs), h("td", {}, Math.round(100 * t.verified / t.runs) + "%"),
          h("td", {}, t.tokens), h("td", {}, fmtCost(t.cost)), h("td", {}, t.verified ? fmtCost(t.cost / t.verified) : "n/a"))))),
      h("h3", {}, "By model"),
      h("p", { class: "muted" }, "Cost per verified run: everything spent on the model, divided by the runs it finished (its iteration verified)."),
      h("table", { id: "model-table" }, h("thead", {}, h("tr", {}, ["Loop", "Model", "Runs", "Iterations", "Tokens", "Cost", "Verified runs", "Cost per verified run"].map(c => h("th", {}, c)))),
        h("tbody", {}, models.map(m => h("tr", {}, h("td", {}, m.loop), h("td", {}, m.model), h("td", {}, m.runs), h("td", {}, m.iterations),
          h("td", {}, m.tokens), h("td", {}, fmtSpend(m.costUsd, m.unpriced)), h("td", {}, m.verified), h("td", {}, m.costPerVerifiedRun === null ? "n/a" : m.unpriced ? "unpriced" : fmtCost(m.costPerVerifiedRun)))))),
      rows.length ? bars(rows, r => r.costUsd, "Cost per loop and day (USD)", fmtCost) : h("p", { class: "muted" }, "No finished runs yet."),
      rows.length ? bars(rows, r => r.verified / r.runs, "Verified rate per loop and day", v => Math.round(v * 100) + "%") : null);
    refreshState.textContent = "updated " + new Date().toLocaleTimeString();
  }

  function route() {
    clearTimeout(timer);
    const hash = location.hash || "#/";
    if (hash.startsWith("#/instance/")) return instancePage(decodeURIComponent(hash.slice("#/instance/".length)));
    if (hash === "#/spend") return spendPage();
    const page = (window.loopfnPages || {})[hash];
    if (page) return page({ h, call, show, view, refreshState });
    return listPage();
  }
  window.addEventListener("hashchange", route);
  route();
})();
