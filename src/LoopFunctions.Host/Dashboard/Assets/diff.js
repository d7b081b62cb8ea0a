// LoopFunctions dashboard: an iteration's commit as a diff on the instance page, read when the reader opens it.
import { h, call, show } from "./ui.js";

// One instance page's diff boxes: diffBox(iteration) makes the box for one iteration.
export function diffBoxes(id) {
  // The iteration's commit as a diff, per file, read once when first opened (a committed iteration does not change).
  const diffs = { open: new Set(), read: new Map() };
  return function diffBox(iteration) {
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
  };
}
