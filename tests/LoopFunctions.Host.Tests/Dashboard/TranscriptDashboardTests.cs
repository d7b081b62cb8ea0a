using System.Net;
using System.Text.Json.Nodes;
using LoopFunctions.Host.Tests.TestSupport;
using LoopFunctions.Loops.Agents.Transcripts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace LoopFunctions.Host.Tests.Dashboard;

/// <summary>The agent's transcript of a real loop run on a real host: the dashboard endpoint answers it as JSON
/// entries, the instance page (headless Chromium) shows it under its iteration with tool calls folded and every text
/// as text, and purging the instance (one by id, or by filter) deletes it.</summary>
public sealed class TranscriptDashboardTests : IAsyncLifetime
{
    private const string Key = "dashboard-key-0123456789";
    private const string Api = "/runtime/webhooks/durabletask/instances";
    private HostSandbox _sandbox = null!;
    private HeadlessBrowser _browser = null!;

    public async Task InitializeAsync() => (_sandbox, _browser) = await DashboardSite.StartAsync(Key);

    public Task DisposeAsync() => DashboardSite.StopAsync(_sandbox, _browser);

    [Fact]
    public async Task Dashboard_FinishedRun_ShowsTheIterationsTranscriptAsTextWithToolCallsFolded()
    {
        var id = (await _sandbox.StartLoopAsync("quick", "dash-transcript"))["id"]!.ToString();
        await _sandbox.WaitForEndAsync(id);

        // The agent's own stdout line is there, as the endpoint answers it.
        var answer = await TranscriptAsync(id, "?iteration=1");
        var entries = answer["entries"]!.AsArray();
        Assert.Contains(entries, e => e!["kind"]!.ToString() == "output" && e["text"]!.ToString().Contains("fixed add", StringComparison.Ordinal));
        Assert.Equal([1], answer["iterations"]!.AsArray().Select(n => (int)n!));

        // A tool call whose text is markup: it must be shown as text, folded until clicked.
        var store = _sandbox.App!.Services.GetRequiredService<ITranscriptStore>();
        await store.AppendAsync(id, 1, TranscriptLines.Serialize(new TranscriptEntry(DateTimeOffset.UtcNow, TranscriptKind.ToolCall, "<img id=\"injected\" src=x onerror=\"window.pwned=1\">", "write_file")), CancellationToken.None);

        var errors = new List<string>();
        var page = await _browser.NewPageAsync(errors);
        await page.GotoAsync(new Uri(_sandbox.Http.BaseAddress!, $"/dashboard?code={Key}#/instance/dash-transcript").ToString());
        await Assertions.Expect(page.Locator("#instance-status")).ToHaveTextAsync("Completed");
        var transcript = page.Locator("#timeline > li details.transcript[data-iteration='1']");
        await transcript.Locator("> summary").ClickAsync();
        await Assertions.Expect(transcript.Locator(".entry.output pre").First).ToContainTextAsync("fixed add");
        var call = transcript.Locator("details.entry.tool_call");
        await Assertions.Expect(call.Locator("> summary")).ToContainTextAsync("tool_call write_file");
        await Assertions.Expect(call.Locator("pre")).ToBeHiddenAsync();
        await call.Locator("> summary").ClickAsync();
        await Assertions.Expect(call.Locator("pre")).ToHaveTextAsync("<img id=\"injected\" src=x onerror=\"window.pwned=1\">");
        await HeadlessBrowser.ScreenshotAsync(page, "dashboard-transcript");

        // The page refreshes while a run is live; a finished one's open transcript stays as the reader left it.
        Assert.Equal(0, await page.Locator("#injected").CountAsync());
        Assert.Null(await page.EvaluateAsync<int?>("() => window.pwned ?? null"));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Transcript_IterationWithAttempts_EntriesNameTheirAttemptAndAreFollowedPerAttempt()
    {
        var id = (await _sandbox.StartLoopAsync("quick", "dash-attempts"))["id"]!.ToString();
        await _sandbox.WaitForEndAsync(id);
        var store = _sandbox.App!.Services.GetRequiredService<ITranscriptStore>();
        await store.AppendAsync(id, new TranscriptStream(2, 2), Line("b1"), CancellationToken.None);
        await store.AppendAsync(id, new TranscriptStream(2, 1), Line("a1"), CancellationToken.None);

        var first = await TranscriptAsync(id, "?iteration=2");
        await store.AppendAsync(id, new TranscriptStream(2, 2), Line("b2"), CancellationToken.None);
        var next = await TranscriptAsync(id, $"?iteration=2&from={first["nextOffset"]}");
        var single = await TranscriptAsync(id, "?iteration=1");

        Assert.Equal([(1, "a1"), (2, "b1")], first["entries"]!.AsArray().Select(e => ((int)e!["attempt"]!, e["text"]!.ToString())));
        Assert.Equal([(2, "b2")], next["entries"]!.AsArray().Select(e => ((int)e!["attempt"]!, e["text"]!.ToString())));
        Assert.Matches("^1:[0-9]+,2:[0-9]+$", first["nextOffset"]!.ToString());
        Assert.Equal([1, 2], first["iterations"]!.AsArray().Select(n => (int)n!));
        // The iteration without attempts reads as it always did: no attempt, a number as its offset.
        Assert.All(single["entries"]!.AsArray(), e => Assert.Null(e!["attempt"]));
        Assert.Equal(System.Text.Json.JsonValueKind.Number, single["nextOffset"]!.GetValueKind());
        using var malformed = await _sandbox.Http.GetAsync($"/api/dashboard/instances/{id}/transcript?iteration=2&from=1:x");
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
    }

    [Fact]
    public async Task Purge_ByIdAndByFilter_DeletesTheTranscripts()
    {
        var one = (await _sandbox.StartLoopAsync("quick", "purge-one"))["id"]!.ToString();
        var two = (await _sandbox.StartLoopAsync("quick", "purge-two"))["id"]!.ToString();
        await _sandbox.WaitForEndAsync(one);
        await _sandbox.WaitForEndAsync(two);
        var store = _sandbox.App!.Services.GetRequiredService<ITranscriptStore>();
        Assert.Equal([1], await store.IterationsAsync(one, CancellationToken.None));
        Assert.Equal([1], await store.IterationsAsync(two, CancellationToken.None));
        var folder = Assert.IsType<FileTranscriptStore>(store).Folder;
        Assert.Equal(Path.Combine(Path.GetDirectoryName(_sandbox.StorePath)!, "transcripts"), folder);

        using (var purged = await _sandbox.Http.DeleteAsync($"{Api}/{one}"))
        {
            Assert.Equal(HttpStatusCode.OK, purged.StatusCode);
        }

        Assert.Empty(await store.IterationsAsync(one, CancellationToken.None));
        Assert.Equal([1], await store.IterationsAsync(two, CancellationToken.None));
        using (var gone = await _sandbox.Http.GetAsync($"/api/dashboard/instances/{one}/transcript"))
        {
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        }

        var from = Uri.EscapeDataString(DateTime.UtcNow.AddHours(-1).ToString("O"));
        using (var purged = await _sandbox.Http.DeleteAsync($"{Api}?createdTimeFrom={from}"))
        {
            Assert.Equal(HttpStatusCode.OK, purged.StatusCode);
        }

        Assert.Empty(await store.IterationsAsync(two, CancellationToken.None));
        Assert.Empty(Directory.GetFileSystemEntries(folder));
    }

    private static byte[] Line(string text) => TranscriptLines.Serialize(new TranscriptEntry(DateTimeOffset.UtcNow, TranscriptKind.Output, text));

    private async Task<JsonNode> TranscriptAsync(string id, string query)
    {
        using var response = await _sandbox.Http.GetAsync($"/api/dashboard/instances/{id}/transcript{query}");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonNode.Parse(text)!;
    }
}
