// LoopFunctions dashboard: the budget pools page (#/budgets). Loaded before app.js, which calls it with its helpers
// (h, call, show, view, refreshState, fmtCost); pool and loop names are inserted as text, never as HTML.
"use strict";
window.loopfnPages = window.loopfnPages || {};
window.loopfnPages["#/budgets"] = async ui => {
  const { h, call, show, view, refreshState } = ui;
  const usd = v => v === null || v === undefined ? "" : "$" + Number(v).toFixed(2);
  const tok = v => v === null || v === undefined ? "" : Number(v).toLocaleString("en-US") + " tok";
  const both = (u, t) => [u === null || u === undefined ? "" : usd(u), t === null || t === undefined ? "" : tok(t)].filter(s => s).join(" + ") || "-";
  const ns = "http://www.w3.org/2000/svg";
  const el = (tag, attrs, text) => { const e = document.createElementNS(ns, tag); Object.entries(attrs).forEach(([k, v]) => e.setAttribute(k, v)); if (text !== undefined) e.textContent = text; return e; };

  // Cumulative spend over the period (hourly buckets) as a step line, with the cap as a dashed line when there is one.
  function burnChart(p, now) {
    const byCost = p.maxCostUsd !== null || p.burn.some(b => b.usd > 0);
    const value = b => byCost ? Number(b.usd) : Number(b.tokens);
    const cap = byCost ? p.maxCostUsd : p.maxTokens;
    const from = p.periodStart ? Date.parse(p.periodStart) : p.burn.length ? Date.parse(p.burn[0].hour) : Date.parse(now) - 3600e3;
    const to = Math.max(Date.parse(now), ...p.burn.map(b => Date.parse(b.hour) + 3600e3), from + 3600e3);
    let total = 0;
    const points = [[from, 0]];
    for (const b of p.burn) { const t = Date.parse(b.hour); points.push([t, total]); total += value(b); points.push([t, total]); }
    points.push([to, total]);
    const w = 560, hgt = 140, left = 8, top = 16, max = Math.max(total, cap || 0, 0.0001);
    const x = t => left + (w - 2 * left) * (t - from) / (to - from), y = v => top + hgt - hgt * v / max;
    const svg = el("svg", { viewBox: `0 0 ${w} ${hgt + top + 24}`, width: w, role: "img", "aria-label": `${p.pool} burn` });
    svg.append(el("line", { x1: left, y1: top + hgt, x2: w - left, y2: top + hgt, stroke: "#dfe3ea" }));
    if (cap) svg.append(el("line", { class: "cap", x1: left, y1: y(cap), x2: w - left, y2: y(cap), stroke: "#c52424", "stroke-dasharray": "4 3" }),
      el("text", { x: w - left, y: y(cap) - 4, "text-anchor": "end" }, "cap " + (byCost ? usd(cap) : tok(cap))));
    const line = el("polyline", { class: "burn", points: points.map(([t, v]) => `${x(t).toFixed(1)},${y(v).toFixed(1)}`).join(" "), fill: "none", stroke: "#2457c5", "stroke-width": 2 });
    line.append(el("title", {}, `${p.pool}: ${byCost ? usd(total) : tok(total)} spent this period`));
    svg.append(line, el("text", { x: left, y: top + hgt + 16 }, new Date(from).toLocaleString()), el("text", { x: w - left, y: top + hgt + 16, "text-anchor": "end" }, "now"));
    return h("figure", { class: "chart burn", "data-pool": p.pool }, h("figcaption", {}, `${p.pool}: spend over the period (${byCost ? "USD" : "tokens"})`), svg);
  }

  let body;
  try { body = (await call("GET", "/api/dashboard/budgets")).data; }
  catch (e) { show(view, h("p", { class: "error" }, e.message)); return; }
  const pools = body.pools || [];
  show(view, h("h2", {}, "Budgets"),
    pools.length === 0 ? h("p", { class: "muted" }, "No budget pools: declare one in LoopFunctions:Pools and use it with limits.pool.") : null,
    pools.length ? h("table", { id: "budgets-table" },
      h("thead", {}, h("tr", {}, ["Pool", "Period", "Cap", "Spent", "Reserved", "Left"].map(c => h("th", {}, c)))),
      h("tbody", {}, pools.map(p => h("tr", { "data-pool": p.pool },
        h("td", {}, p.pool, p.declared ? null : h("span", { class: "muted" }, " (undeclared)")),
        h("td", { class: "period" }, [p.period || "?", p.periodKey && p.periodKey !== "all" ? " " + p.periodKey : ""].join("")),
        h("td", { class: "cap" }, both(p.maxCostUsd, p.maxTokens)),
        h("td", { class: "spent" }, both(p.spentUsd, p.maxTokens === null && !p.spentTokens ? null : p.spentTokens)),
        h("td", { class: "reserved" }, both(p.reservedUsd, p.maxTokens === null && !p.reservedTokens ? null : p.reservedTokens) + (p.reservations ? ` (${p.reservations})` : "")),
        h("td", { class: "left" }, both(p.leftUsd, p.leftTokens)))))) : null,
    pools.map(p => h("section", { class: "pool", "data-pool": p.pool }, h("h3", {}, p.pool),
      burnChart(p, body.now),
      p.loops.length === 0 ? h("p", { class: "muted" }, "No spend this period.") :
        h("table", { class: "pool-loops", "data-pool": p.pool },
          h("thead", {}, h("tr", {}, ["Loop", "Steps", "Tokens", "Cost"].map(c => h("th", {}, c)))),
          h("tbody", {}, p.loops.map(l => h("tr", { "data-loop": l.loop }, h("td", {}, l.loop), h("td", {}, l.steps), h("td", {}, Number(l.tokens).toLocaleString("en-US")), h("td", {}, usd(l.usd)))))))));
  refreshState.textContent = "updated " + new Date().toLocaleTimeString();
};
