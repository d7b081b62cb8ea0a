// LoopFunctions dashboard: a small single page over the management API. This module routes the hash to a page; the
// pages are modules of their own (list.js, instance.js, spend.js), and pages loaded as classic scripts before this
// one (budgets.js) register in window.loopfnPages and are handed the shared helpers.
import { h, call, show, view, refreshState, unschedule } from "./ui.js";
import { listPage } from "./list.js";
import { instancePage } from "./instance.js";
import { spendPage } from "./spend.js";

function route() {
  unschedule();
  const hash = location.hash || "#/";
  if (hash.startsWith("#/instance/")) return instancePage(decodeURIComponent(hash.slice("#/instance/".length)));
  if (hash === "#/spend") return spendPage();
  const page = (window.loopfnPages || {})[hash];
  if (page) return page({ h, call, show, view, refreshState });
  return listPage();
}
window.addEventListener("hashchange", route);
route();
