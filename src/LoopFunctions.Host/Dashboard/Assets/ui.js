// LoopFunctions dashboard: what every page shares (the key, the page elements, building elements, calling the API,
// the one refresh timer, formatting an instance). Every piece of text from an instance (agent summaries, check
// output, inputs) is inserted as text, never as HTML.
const params = new URLSearchParams(location.search);
const key = params.get("code") || sessionStorage.getItem("loopfn-key") || "";
if (key) sessionStorage.setItem("loopfn-key", key);
export const api = "/runtime/webhooks/durabletask";
export const view = document.getElementById("view");
export const refreshState = document.getElementById("refresh-state");
let timer = null;

export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else if (v !== null && v !== undefined && v !== false) el.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) el.append(c instanceof Node ? c : String(c));
  return el;
}

export async function call(method, path, body) {
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

export const fmtTime = t => t ? new Date(t).toLocaleString() : "";
export const fmtCost = c => "$" + Number(c || 0).toFixed(4);
// Spend on a model without a price counts $0: say so instead of showing an amount that looks complete.
export const fmtSpend = (c, unpriced) => !unpriced ? fmtCost(c) : Number(c || 0) === 0 ? "unpriced" : fmtCost(c) + " + unpriced";
export const loopOf = i => (i.input && i.input.loop) || (i.customStatus && i.customStatus.loop) || i.name;
export const phaseOf = i => (i.customStatus && i.customStatus.phase !== undefined) ? String(i.customStatus.phase) : "";
// The loop's outcome (Verified, Stalled, ...): an ended run's result, else what the run reported last; a Failed run
// is Failed whatever it reported before it failed.
export const outcomeOf = i => i.runtimeStatus === "Failed" ? "Failed"
  : (i.output && typeof i.output === "object" && i.output.outcome) || (i.customStatus && i.customStatus.outcome) || "";
export const outcomes = ["Verified", "Stalled", "BudgetExhausted", "MaxIterations", "Rejected", "HandedOff", "DeployFailed", "Failed"];

// One timer for the whole page: a page's polling stops when the reader moves to another page.
export function schedule(fn, ms) { clearTimeout(timer); timer = setTimeout(fn, ms); }
export function unschedule() { clearTimeout(timer); }

// replaceChildren would print null as text; conditional parts of a page are null when absent.
export function show(target, ...nodes) { target.replaceChildren(...nodes.flat().filter(n => n !== null && n !== undefined)); }
