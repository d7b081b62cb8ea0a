// LoopFunctions dashboard: the instances list (#/), filtered in the page, polled every two seconds, with the next
// schedule fires under it.
import { h, call, show, schedule, api, view, refreshState, fmtTime, fmtSpend, loopOf, phaseOf, outcomeOf, outcomes } from "./ui.js";

const filters = { loop: "", status: "", outcome: "", from: "", to: "", text: "" };
export async function listPage() {
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
