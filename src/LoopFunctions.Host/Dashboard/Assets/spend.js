// LoopFunctions dashboard: the spend page (#/spend), per loop and per loop and model, with bar charts per loop and day.
import { h, call, show, view, refreshState, fmtCost, fmtSpend } from "./ui.js";

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
export async function spendPage() {
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
