// LoopFunctions dashboard: an iteration's agent transcript on the instance page, read when the reader opens it.
import { h, call, show } from "./ui.js";

// One instance page's transcript boxes: transcriptBox(iteration, running) makes the box for one iteration.
export function transcriptBoxes(id) {
  // Transcripts the reader opened stay open across the page's refreshes; entries already read are kept, and an
  // iteration still running is read on from where the last read stopped.
  const transcripts = { open: new Set(), read: new Map() };
  return function transcriptBox(iteration, running) {
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
  };
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
