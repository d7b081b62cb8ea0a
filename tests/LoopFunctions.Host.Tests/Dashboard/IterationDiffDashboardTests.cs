using System.Net;
using System.Text.Json.Nodes;
using LoopFunctions.Host.Tests.TestSupport;
using Microsoft.Playwright;

namespace LoopFunctions.Host.Tests.Dashboard;

/// <summary>The diff of each iteration of a real two-iteration run on a real host: the endpoint answers it per file,
/// secrets masked, behind the dashboard's key, and the instance page (headless Chromium) shows it beside the
/// iteration's transcript.</summary>
public sealed class IterationDiffDashboardTests : IAsyncLifetime
{
    private const string Key = "dashboard-key-0123456789";
    private const string Secret = "sk-diffsecret0123456789abcdef";

    // A value the loop passes its agent, with no shape a pattern would catch: only the agent's masker knows it.
    private const string PlainVariable = "DIFF_TEST_PLAIN_VALUE";
    private const string PlainSecret = "moonlight harbor seven";
    private HostSandbox _sandbox = null!;
    private HeadlessBrowser _browser = null!;

    public async Task InitializeAsync() => (_sandbox, _browser) = await DashboardSite.StartAsync(Key, sandbox =>
    {
        // Iteration 1 only takes notes (the tests still fail); iteration 2, finding them, fixes add.
        var script = Path.Combine(sandbox.Root, "two-step.sh");
        File.WriteAllText(script, $$"""
            #!/usr/bin/env bash
            set -euo pipefail
            cd "$1"
            if [ -f NOTES.md ]; then
            {{LoopFiles.FixAgent}}
              echo 'api_key={{Secret}}' > settings.txt
              echo "motto: ${{{PlainVariable}}}" >> settings.txt
            else
              echo 'add subtracts' > NOTES.md
              echo '{"summary": "took notes"}'
            fi

            """);
        Environment.SetEnvironmentVariable(PlainVariable, PlainSecret);
        sandbox.WriteLoop("two-step", LoopFiles.Quick(sandbox.Repository, script, agentExtra: $"env: [{PlainVariable}]"));
    });

    public Task DisposeAsync() => DashboardSite.StopAsync(_sandbox, _browser);

    [Fact]
    public async Task Dashboard_TwoIterationRun_ShowsIterationTwosDiffBesideItsTranscript()
    {
        var id = (await _sandbox.StartLoopAsync("two-step", "dash-diff"))["id"]!.ToString();
        await _sandbox.WaitForEndAsync(id);

        var second = await DiffAsync(id, 2);
        Assert.Equal(["settings.txt", "src/calc.sh"], second["files"]!.AsArray().Select(f => f!["path"]!.ToString()).Order(StringComparer.Ordinal));
        var calc = second["files"]!.AsArray().Single(f => f!["path"]!.ToString() == "src/calc.sh")!["diff"]!.ToString();
        Assert.Contains("+  echo $(( $1 + $2 ))", calc, StringComparison.Ordinal);
        Assert.Contains("-  echo $(( $1 - $2 ))", calc, StringComparison.Ordinal);
        var settings = second["files"]!.AsArray().Single(f => f!["path"]!.ToString() == "settings.txt")!["diff"]!.ToString();
        Assert.DoesNotContain(Secret, settings, StringComparison.Ordinal);
        Assert.Contains("+api_key=***", settings, StringComparison.Ordinal);
        Assert.DoesNotContain(PlainSecret, settings, StringComparison.Ordinal);
        Assert.Contains("+motto: ***", settings, StringComparison.Ordinal);
        var first = await DiffAsync(id, 1);
        Assert.Equal(["NOTES.md"], first["files"]!.AsArray().Select(f => f!["path"]!.ToString()));
        Assert.Equal(first["commit"]!.ToString(), second["base"]!.ToString());

        // Behind the same key as the rest of the dashboard's API; an iteration the run never had is not found.
        using (var keyless = new HttpClient { BaseAddress = _sandbox.Http.BaseAddress })
        using (var refused = await keyless.GetAsync($"/api/dashboard/instances/{id}/iterations/2/diff"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        using (var missing = await _sandbox.Http.GetAsync($"/api/dashboard/instances/{id}/iterations/3/diff"))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }

        var errors = new List<string>();
        var page = await _browser.NewPageAsync(errors);
        await page.GotoAsync(new Uri(_sandbox.Http.BaseAddress!, $"/dashboard?code={Key}#/instance/dash-diff").ToString());
        await Assertions.Expect(page.Locator("#instance-status")).ToHaveTextAsync("Completed");
        var detail = page.Locator("#timeline > li .iteration-detail").Nth(1);
        await Assertions.Expect(detail.Locator("details.transcript[data-iteration='2']")).ToBeVisibleAsync();
        var diff = detail.Locator("details.diff[data-iteration='2']");
        await diff.Locator("> summary").ClickAsync();
        var file = diff.Locator("details.diff-file", new LocatorLocatorOptions { HasText = "src/calc.sh" });
        await Assertions.Expect(file.Locator("pre .add")).ToContainTextAsync("+  echo $(( $1 + $2 ))");
        await Assertions.Expect(diff).Not.ToContainTextAsync(Secret);

        // Beside the transcript: the two boxes share a row.
        var transcriptBox = await detail.Locator("details.transcript").BoundingBoxAsync();
        var diffBox = await diff.BoundingBoxAsync();
        Assert.True(diffBox!.X > transcriptBox!.X + transcriptBox.Width - 1, $"diff at x={diffBox.X}, transcript ends at {transcriptBox.X + transcriptBox.Width}");

        // Each file folds on its own.
        await file.Locator("> summary").ClickAsync();
        await Assertions.Expect(file.Locator("pre")).ToBeHiddenAsync();
        await HeadlessBrowser.ScreenshotAsync(page, "dashboard-iteration-diff");
        Assert.Empty(errors);
    }

    private async Task<JsonNode> DiffAsync(string id, int iteration)
    {
        using var response = await _sandbox.Http.GetAsync($"/api/dashboard/instances/{id}/iterations/{iteration}/diff");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonNode.Parse(text)!;
    }
}
