using LoopFunctions.Host.Tests.TestSupport;
using LoopFunctions.Loops.Tests.TestSupport;
using Microsoft.Playwright;

namespace LoopFunctions.Host.Tests.Dashboard;

/// <summary>
/// <c>outputs.deploy</c> with <c>approve: [deploy]</c> through the real host: the plan (what, where, which commit) in
/// the custom status and on the dashboard while it waits, a rejection from the dashboard that deploys nothing, an
/// approval that deploys to a folder the test serves on 127.0.0.1, and the spend page's per-model table.
/// </summary>
public sealed class DeploymentDashboardTests : IAsyncLifetime
{
    private const string Key = "deploy-dashboard-key-0123456789";
    private HostSandbox _sandbox = null!;
    private StaticSite _site = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        _sandbox = await HostSandbox.CreateAsync();
        _site = await StaticSite.StartAsync(Path.Combine(_sandbox.Root, "served"));
        await File.WriteAllTextAsync(Path.Combine(_site.Folder, "index.html"), "the old calculator\n");
        var deploy = Path.Combine(_sandbox.Root, "deploy.sh");
        await File.WriteAllTextAsync(deploy, "#!/usr/bin/env bash\nset -e\nmkdir -p \"$1/previous\" && cp \"$1/index.html\" \"$1/previous/\"\ncp src/calc.sh \"$1/index.html\"\n");
        var rollback = Path.Combine(_sandbox.Root, "rollback.sh");
        await File.WriteAllTextAsync(rollback, "#!/usr/bin/env bash\nset -e\ncp \"$1/previous/index.html\" \"$1/index.html\"\n");
        _sandbox.WriteLoop("broken", LoopFiles.Quick(_sandbox.Repository, _sandbox.AgentScript, $"""
            governance:
              protect_paths: [tests/**]
            outputs:
              deploy:
                command: [bash, "{deploy}", "{_site.Folder}"]
                url: "{_site.BaseUri}"
                checks:
                  - name: home
                    http: "{"{url}"}/"
                    contains: "multiply"
                rollback: [bash, "{rollback}", "{_site.Folder}"]
            """));
        _sandbox.WriteLoop("ship", LoopFiles.Quick(_sandbox.Repository, _sandbox.AgentScript, $"""
            governance:
              protect_paths: [tests/**]
              approve: [deploy]
              approval_timeout: 1h
            outputs:
              deploy:
                command: [bash, "{deploy}", "{_site.Folder}"]
                url: "{_site.BaseUri}"
                checks:
                  - name: home
                    http: "{"{url}"}/"
                    contains: "$1 + $2"
            """));
        await _sandbox.StartHostAsync(new Dictionary<string, string?> { ["LoopFunctions:Keys"] = Key }, key: Key);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _site.DisposeAsync();
        await _sandbox.DisposeAsync();
    }

    [Fact]
    public async Task Deployment_WaitingForApproval_DashboardShowsThePlanAndARejectDeploysNothing()
    {
        var id = (await _sandbox.StartLoopAsync("ship", "ship-rejected"))["id"]!.ToString();
        var waiting = await _sandbox.WaitForPhaseAsync(id, "AwaitingApproval");
        var plan = waiting["customStatus"]!["deployment"]!;
        Assert.Equal(_site.BaseUri.ToString(), plan["where"]!.ToString());
        Assert.StartsWith("bash ", plan["what"]!.ToString(), StringComparison.Ordinal);

        var page = await _browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        await page.GotoAsync(new Uri(_sandbox.Http.BaseAddress!, $"/dashboard?code={Key}#/instance/{id}").ToString());
        await Assertions.Expect(page.Locator("#deployment-plan")).ToContainTextAsync("Deployment waiting for approval");
        await Assertions.Expect(page.Locator("#deployment-commit")).ToHaveTextAsync(plan["commit"]!.ToString());
        await page.FillAsync("#approval-comment", "not during the freeze");
        await page.ClickAsync("#reject");
        await Assertions.Expect(page.Locator("#instance-status")).ToHaveTextAsync("Completed", new LocatorAssertionsToHaveTextOptions { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("#instance-output")).ToContainTextAsync("the deployment was rejected by dashboard: not during the freeze");

        Assert.Empty(errors);
        Assert.Equal("the old calculator\n", await File.ReadAllTextAsync(Path.Combine(_site.Folder, "index.html")));
    }

    [Fact]
    public async Task Deployment_PostDeployCheckFails_RolledBackAndDeployFailedWithTheEvidence()
    {
        var id = (await _sandbox.StartLoopAsync("broken", "broken-1"))["id"]!.ToString();

        var done = await _sandbox.WaitForEndAsync(id);

        var output = done["output"]!;
        Assert.Equal("DeployFailed", output["outcome"]!.ToString());
        Assert.Contains("body lacks 'multiply'", output["reason"]!.ToString(), StringComparison.Ordinal);
        var check = output["deployment"]!["checks"]![0]!;
        Assert.Equal((200, false), ((int)check["statusCode"]!, (bool)check["passed"]!));
        Assert.Contains("$1 + $2", check["evidence"]!.ToString(), StringComparison.Ordinal);
        Assert.True((bool)output["deployment"]!["rollback"]!["succeeded"]!);
        Assert.Equal("the old calculator\n", await File.ReadAllTextAsync(Path.Combine(_site.Folder, "index.html")));
    }

    [Fact]
    public async Task Deployment_Approved_DeploysChecksAndTheSpendPageShowsTheModel()
    {
        var id = (await _sandbox.StartLoopAsync("ship", "ship-approved"))["id"]!.ToString();
        await _sandbox.WaitForPhaseAsync(id, "AwaitingApproval");
        using (var approve = await _sandbox.Http.PostAsync($"/runtime/webhooks/durabletask/instances/{id}/raiseEvent/approval", new StringContent("{\"approved\": true, \"by\": \"ana\"}", System.Text.Encoding.UTF8, "application/json")))
        {
            Assert.Equal(System.Net.HttpStatusCode.Accepted, approve.StatusCode);
        }

        var done = await _sandbox.WaitForEndAsync(id);

        Assert.Equal("Verified", done["output"]!["outcome"]!.ToString());
        Assert.True((bool)done["output"]!["deployment"]!["succeeded"]!);
        Assert.Contains("$1 + $2", await File.ReadAllTextAsync(Path.Combine(_site.Folder, "index.html")), StringComparison.Ordinal);
        var page = await _browser.NewPageAsync();
        await page.GotoAsync(new Uri(_sandbox.Http.BaseAddress!, $"/dashboard?code={Key}#/instance/{id}").ToString());
        await Assertions.Expect(page.Locator("#deployment-report")).ToContainTextAsync("succeeded");
        await page.ClickAsync("#nav-spend");
        await Assertions.Expect(page.Locator("#model-table tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#model-table tbody tr").First).ToContainTextAsync("command");
    }
}
