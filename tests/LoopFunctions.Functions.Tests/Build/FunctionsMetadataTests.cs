using System.Text.Json;
using LoopFunctions.Functions.Tests.TestSupport;
using LoopFunctions.Loops.Definitions;
using LoopFunctions.Loops.Planning;
using LoopFunctions.Loops.Orchestration;
using LoopFunctions.Triggers.Schedules;

namespace LoopFunctions.Functions.Tests.Build;

/// <summary>Reads what the build of src/LoopFunctions.Functions produced (this project references it, so it is built
/// first, in the same configuration): the Functions host indexes the app from functions.metadata, loads the host-side
/// extensions from extensions.json and starts the worker from worker.config.json.</summary>
public sealed class FunctionsMetadataTests
{
    private static readonly string[] Activities =
    [
        LoopActivityNames.LoadPlan, LoopActivityNames.PrepareWorkspace, LoopActivityNames.RunAgent, LoopActivityNames.Guard, LoopActivityNames.Verify,
        LoopActivityNames.Commit, LoopActivityNames.Push, LoopActivityNames.PullRequest, LoopActivityNames.Publish,
        LoopActivityNames.LoadPullRequest, LoopActivityNames.Review, LoopActivityNames.PushToPullRequest, LoopActivityNames.RebaseOntoHead,
        LoopActivityNames.HandOff, LoopActivityNames.CiFailures, LoopActivityNames.ReportToPullRequest, LoopActivityNames.Deploy,
        LoopActivityNames.CheckDeployment, LoopActivityNames.RollbackDeployment,
    ];

    private static readonly Dictionary<string, JsonElement> Functions = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository.AppOutput, "functions.metadata")))
        .RootElement.EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!, f => f.Clone());

    [Fact]
    public void Metadata_EveryFunction_HasItsTriggerRouteAndAuthLevel()
    {
        var scheduled = ScheduledSampleLoops().Keys;
        string[] http = ["StartLoop", "ListLoops", "ApproveLoop", "GitHubWebhook", "GenericWebhook"];
        string[] budget = ["BudgetPool", "BudgetPoolSweep"];
        string[] expected = [LoopActivityNames.Orchestrator, .. Activities, .. http, .. scheduled, .. budget];
        Assert.Equal(expected.Order(StringComparer.Ordinal), Functions.Keys.Order(StringComparer.Ordinal));

        Assert.Equal("orchestrationTrigger", Trigger(LoopActivityNames.Orchestrator).GetProperty("type").GetString());
        foreach (var activity in Activities)
        {
            Assert.Equal("activityTrigger", Trigger(activity).GetProperty("type").GetString());
        }

        Assert.Equal("entityTrigger", Trigger("BudgetPool").GetProperty("type").GetString());
        Assert.Equal("timerTrigger", Trigger("BudgetPoolSweep").GetProperty("type").GetString());
        AssertHttp("StartLoop", "loops/{loop}", "Function", "post", durableClient: true);
        AssertHttp("ListLoops", "loops", "Function", "get", durableClient: false);
        AssertHttp("ApproveLoop", "approvals/{instanceId}", "Function", "post", durableClient: true);
        AssertHttp("GitHubWebhook", "webhooks/github", "Anonymous", "post", durableClient: true);
        AssertHttp("GenericWebhook", "webhooks/generic/{name}", "Anonymous", "post", durableClient: true);
    }

    [Fact]
    public void Metadata_RunAgent_HasADurableClientBindingForItsPoolCheckAndNoOtherActivityHas()
    {
        foreach (var activity in Activities)
        {
            var bound = Functions[activity].GetProperty("bindings").EnumerateArray().Any(b => b.GetProperty("type").GetString() == "durableClient");
            Assert.True(bound == (activity == LoopActivityNames.RunAgent), $"{activity}: durableClient binding {bound}");
        }
    }

    [Fact]
    public void Metadata_EveryScheduledSampleLoop_IsATimerFunctionOnItsSchedule()
    {
        var expected = ScheduledSampleLoops();
        Assert.NotEmpty(expected);
        Assert.Contains("Schedule_nightly_deps", expected.Keys);
        foreach (var (name, schedule) in expected)
        {
            var trigger = Trigger(name);
            Assert.Equal("timerTrigger", trigger.GetProperty("type").GetString());
            Assert.Equal(schedule, trigger.GetProperty("schedule").GetString());
            Assert.Contains(Functions[name].GetProperty("bindings").EnumerateArray(), b => b.GetProperty("type").GetString() == "durableClient");
        }

        // nightly-deps runs at 02:00 on weekdays in Europe/Berlin: its UTC timer fires hourly and the function picks the occurrences.
        Assert.Equal("0 0 * * * *", expected["Schedule_nightly_deps"]);
    }

    [Fact]
    public void GeneratedExecutor_EveryTimerFunction_IsDispatched()
    {
        var executor = Directory.GetFiles(Path.Combine(Repository.Root, "src", "LoopFunctions.Functions", "obj", "generated"), "GeneratedFunctionExecutor.g.cs", SearchOption.AllDirectories);
        var source = File.ReadAllText(Assert.Single(executor));
        foreach (var name in ScheduledSampleLoops().Keys)
        {
            var entryPoint = Functions[name].GetProperty("entryPoint").GetString();
            Assert.Equal($"LoopFunctions.Functions.Schedules.ScheduledLoopFunctions.{name}", entryPoint);
            Assert.Contains($"\"{entryPoint}\"", source, StringComparison.Ordinal);
            Assert.Contains($"await i.{name}(", source, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Output_HostFilesAndLoops_AreTheRepositorysOwn()
    {
        // The host-side Durable extension, built by the SDK's inner WorkerExtensions project (timers and HTTP are built
        // into the host), and the loader that reads functions.metadata.
        var extensions = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository.AppOutput, "extensions.json"))).RootElement.GetProperty("extensions")
            .EnumerateArray().ToDictionary(e => e.GetProperty("name").GetString()!, e => e.GetProperty("hintPath").GetString()!);
        Assert.Equal("./.azurefunctions/Microsoft.Azure.WebJobs.Extensions.DurableTask.dll", extensions["DurableTask"]);
        Assert.True(File.Exists(Path.Combine(Repository.AppOutput, ".azurefunctions", "Microsoft.Azure.WebJobs.Extensions.DurableTask.dll")));
        Assert.Contains("Startup", extensions.Keys);
        var worker = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository.AppOutput, "worker.config.json"))).RootElement;
        Assert.Equal("LoopFunctions.Functions.dll", worker.GetProperty("description").GetProperty("defaultWorkerPath").GetString());

        Assert.Equal(File.ReadAllText(Path.Combine(Repository.Root, "host.json")), File.ReadAllText(Path.Combine(Repository.AppOutput, "host.json")));
        Assert.Equal(
            Directory.GetFiles(Repository.Loops, "*.md").Select(Path.GetFileName).Order(),
            Directory.GetFiles(Path.Combine(Repository.AppOutput, "loops"), "*.md").Select(Path.GetFileName).Order());

        // The Functions host rejects a storage provider it does not know; without a type it uses Azure Storage and
        // loopfn serve uses its embedded SQLite store.
        var durable = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository.AppOutput, "host.json"))).RootElement.GetProperty("extensions").GetProperty("durableTask");
        Assert.False(durable.GetProperty("storageProvider").TryGetProperty("type", out _));
        Assert.Equal("LoopFunctions", durable.GetProperty("hubName").GetString());
    }

    /// <summary>The timer functions the repository's loops call for, from the real loop parser.</summary>
    private static Dictionary<string, string> ScheduledSampleLoops() =>
        LoopFileReader.Load(Repository.Loops).Loops.Values
            .Where(l => l.Triggers.Any(t => t.Kind == TriggerKind.Schedule))
            .ToDictionary(l => "Schedule_" + l.Name.Replace('-', '_'), l => TimerSchedule.For(l.Triggers.First(t => t.Kind == TriggerKind.Schedule)));

    private static JsonElement Trigger(string function) =>
        Functions[function].GetProperty("bindings").EnumerateArray().Single(b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal));

    private static void AssertHttp(string function, string route, string authLevel, string method, bool durableClient)
    {
        var trigger = Trigger(function);
        Assert.Equal("httpTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal(route, trigger.GetProperty("route").GetString());
        Assert.Equal(authLevel, trigger.GetProperty("authLevel").GetString());
        Assert.Equal([method], trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal(durableClient, Functions[function].GetProperty("bindings").EnumerateArray().Any(b => b.GetProperty("type").GetString() == "durableClient"));
    }
}
