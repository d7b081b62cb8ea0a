"use strict";
// Drives Durable Functions' npm client (durable-functions 3.5.0, installed under .tools by test.sh) against a
// LoopFunctions host, the way a Functions app's code uses it: a DurableClient built by df.getClient() from the input
// binding data the Functions host would pass (either with rpcBaseUrl, or with the management URLs and their key).
// Argument: one JSON object { binding, origin, prefix, flakyLoop }. Prints one JSON object: each step's result or its error.
const df = require("durable-functions");

const args = JSON.parse(process.argv[2]);
const Status = df.OrchestrationRuntimeStatus;

// getClient rewrites the binding's URLs to http://localhost:7071 unless WEBSITE_HOSTNAME names a real host.
process.env.WEBSITE_HOSTNAME = new URL(args.origin).host;
const input = df.input.durableClient();
const client = df.getClient({ options: { extraInputs: [input] }, extraInputs: { get: () => args.binding } });

const out = {};
const deadline = Date.now() + 90000;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const ended = (s) => [Status.Completed, Status.Failed, Status.Terminated].includes(s.runtimeStatus);

async function step(name, fn) {
    try {
        out[name] = await fn();
    } catch (e) {
        out[name] = { error: String((e && e.message) || e) };
    }
}

async function until(id, done) {
    while (Date.now() < deadline) {
        const status = await client.getStatus(id);
        if (done(status)) {
            return status;
        }
        await sleep(50);
    }
    throw new Error(`timed out waiting for ${id}`);
}

// A start-and-wait request the way the binding describes it (createAndWaitOnNewInstancePostUri), or on rpcBaseUrl.
function startAndWaitUrl(name, id) {
    if (args.binding.rpcBaseUrl) {
        return new URL(`orchestrators/${name}/${id}?timeout=60&pollingInterval=1`, args.binding.rpcBaseUrl).href;
    }
    return args.binding.creationUrls.createAndWaitOnNewInstancePostUri
        .replace("{functionName}", name)
        .replace("[/{instanceId}]", `/${id}`)
        .replace("{timeoutInSeconds}", "60")
        .replace("{intervalInSeconds}", "1");
}

async function main() {
    const p = args.prefix;
    const from = new Date(Date.now() - 1000);

    await step("start", () => client.startNew("gated", { instanceId: `${p}-gated`, input: { ticket: 1 } }));
    await step("waiting", async () => {
        const s = await until(`${p}-gated`, (x) => x.customStatus && x.customStatus.phase === "AwaitingApproval");
        return { runtimeStatus: s.runtimeStatus, name: s.name, input: s.input, createdTime: s.createdTime.toISOString() };
    });
    await step("suspended", async () => {
        await client.suspend(`${p}-gated`, "lunch");
        return (await until(`${p}-gated`, (x) => x.runtimeStatus === Status.Suspended)).runtimeStatus;
    });
    await step("resumed", async () => {
        await client.resume(`${p}-gated`, "back");
        return (await until(`${p}-gated`, (x) => x.runtimeStatus === Status.Running)).runtimeStatus;
    });

    // The event data encoded twice, as the Python client sends it: the body is a JSON string holding the object.
    await step("raised", async () => {
        await client.raiseEvent(`${p}-gated`, "approval", JSON.stringify({ approved: true, by: "npm" }));
        return "ok";
    });
    await step("approved", async () => {
        const s = await until(`${p}-gated`, ended);
        return { runtimeStatus: s.runtimeStatus, outcome: s.output && s.output.outcome, pushed: Boolean(s.output && s.output.pushedTo) };
    });
    await step("history", async () => {
        const s = await client.getStatus(`${p}-gated`, { showHistory: true, showHistoryOutput: true, showInput: true });
        return { runtimeStatus: s.runtimeStatus, input: s.input, lastUpdatedTime: s.lastUpdatedTime.toISOString() };
    });

    await step("terminated", async () => {
        await client.startNew("gated", { instanceId: `${p}-term` });
        await until(`${p}-term`, (x) => x.runtimeStatus === Status.Running);
        await client.terminate(`${p}-term`, "enough of this");
        return (await until(`${p}-term`, ended)).runtimeStatus;
    });

    await step("startAndWait", async () => {
        const response = await fetch(startAndWaitUrl("quick", `${p}-waited`), { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" });
        const body = await response.json();
        return { status: response.status, outcome: body.outcome };
    });
    await step("clientWait", async () => {
        const id = await client.startNew("quick", { instanceId: `${p}-polled` });
        const response = await client.waitForCompletionOrCreateCheckStatusResponse({ url: args.origin }, id, { timeoutInMilliseconds: 60000, retryIntervalInMilliseconds: 100 });
        const body = await response.json();
        return { status: response.status, outcome: body.outcome };
    });

    // A loop whose workspace setup fails on every attempt: the run fails; a rewind runs the step again.
    await step("rewound", async () => {
        await client.startNew(args.flakyLoop, { instanceId: `${p}-flaky` });
        const failed = await until(`${p}-flaky`, ended);
        await client.rewind(`${p}-flaky`, "the setup is fixed");
        await until(`${p}-flaky`, (x) => x.runtimeStatus !== Status.Failed);
        const done = await until(`${p}-flaky`, ended);
        return { before: failed.runtimeStatus, after: done.runtimeStatus, outcome: done.output && done.output.outcome };
    });

    await step("listed", async () => {
        const page = await client.getStatusBy({ createdTimeFrom: from, runtimeStatus: [Status.Completed, Status.Terminated] });
        return page.map((s) => s.instanceId).filter((id) => id.startsWith(`${p}-`)).sort();
    });
    await step("listedAll", async () => (await client.getStatusAll()).filter((s) => s.instanceId.startsWith(`${p}-`)).length);

    await step("raiseUnknown", () => client.raiseEvent(`${p}-nope`, "approval", { approved: true }));
    await step("statusUnknown", () => client.getStatus(`${p}-nope`));
    await step("rewindUnknown", () => client.rewind(`${p}-nope`, "x"));

    await step("purgedOne", async () => (await client.purgeInstanceHistory(`${p}-term`)).instancesDeleted);
    await step("purgedBy", async () => (await client.purgeInstanceHistoryBy({ createdTimeFrom: from, runtimeStatus: [Status.Completed] })).instancesDeleted);
    await step("afterPurge", async () => (await client.getStatusAll()).filter((s) => s.instanceId.startsWith(`${p}-`)).length);
}

main().then(
    () => process.stdout.write(JSON.stringify(out) + "\n"),
    (e) => {
        process.stdout.write(JSON.stringify({ ...out, fatal: String((e && e.stack) || e) }) + "\n");
        process.exitCode = 1;
    });
