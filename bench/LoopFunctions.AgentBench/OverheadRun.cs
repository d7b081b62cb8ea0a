using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using LoopFunctions.Cli;
using LoopFunctions.Loops.Orchestration;
using LoopFunctions.Loops.Sandbox;
using LoopFunctions.Loops.Tests.Agents.ModelServers;

namespace LoopFunctions.AgentBench;

/// <summary>One benchmarked loop run with one CLI: its two iterations' timings.</summary>
internal static class OverheadRun
{
    public static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    internal const string Calc = "#!/usr/bin/env bash\nadd() {\n  echo $(( $1 - $2 ))\n}\n";
    internal const string Fixed = "#!/usr/bin/env bash\nadd() {\n  echo $(( $1 + $2 ))\n}\n";
    private const string Test = "#!/usr/bin/env bash\nsource \"$(dirname \"$0\")/../src/calc.sh\"\n[[ \"$(add 2 3)\" == 5 ]] || { echo 'FAIL add 2 3'; exit 1; }\necho ok\n";

    public static async Task<IReadOnlyList<IterationTiming>> RunAsync(string kind, int run)
    {
        var root = Directory.CreateTempSubdirectory("loopfn-agent-bench-").FullName;
        try
        {
            var repo = await RepositoryAsync(Path.Combine(root, "calc"));
            var marks = Directory.CreateDirectory(Path.Combine(root, "marks")).FullName;
            var wrapper = Path.Combine(root, $"{kind}-stamped");
            await File.WriteAllTextAsync(wrapper, $"#!/usr/bin/env bash\necho \"start $(date +%s%N)\" >> '{marks}/cli.log'\n'{AgentClis.Path(kind)}' \"$@\"\nrc=$?\necho \"end $(date +%s%N)\" >> '{marks}/cli.log'\nexit $rc\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            await using var server = await ServerAsync(kind);
            const string Instance = "bench-1";
            var store = Path.Combine(root, "store", "store.db");
            // The loop runs the CLI in its default sandbox, which shows the tree at a fixed path.
            server.WorkingDirectory = SandboxPaths.WorkTree;
            ModelAction[] fix = kind == "claude"
                ? [ModelAction.ReadFile("src/calc.sh"), ModelAction.WriteFile("src/calc.sh", Fixed), ModelAction.Reply("add adds.")]
                : [ModelAction.WriteFile("src/calc.sh", Fixed), ModelAction.Reply("add adds.")];
            server.OnPrompt("This is iteration 1.", ModelAction.WriteFile("NOTES.md", "add subtracts\n"), ModelAction.Reply("Looked."))
                .OnPrompt("This is iteration 2, continuing this session", fix);
            var loop = Path.Combine(root, "bench.md");
            await File.WriteAllTextAsync(loop, $"""
                ---
                workspace:
                  base_branch: main
                agent:
                  kind: {kind}
                  command: {wrapper}
                  model: {(kind switch { "codex" => "gpt-5.5", "opencode" => "stub-model", "gemini" => "gemini-2.5-flash", _ => "claude-sonnet-4-5" })}
                  endpoint: {server.CliBaseUrl}
                  api_key_env: LOOPFN_BENCH_KEY
                  timeout: 5m
                  write_paths: [{marks}]
                  read_paths: [{Path.Combine(AgentClis.RepoRoot, ".tools", "agents")}]
                verify:
                  - name: tests
                    command: [bash, tests/test_calc.sh]
                limits:
                  max_iterations: 2
                  stall_after: 0
                ---
                Fix add in src/calc.sh.
                """);
            await LoopfnAsync(loop, repo, store, Instance);
            return await TimingsAsync(kind, run, store, Instance, marks, server, repo);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>The result the run recorded in its store.</summary>
    internal static async Task<LoopResult> ResultAsync(string store, string instance)
    {
        await using var engine = await LocalEngine.OpenAsync(store, startWorker: false);
        var metadata = await engine.Client.GetInstanceAsync(instance, getInputsAndOutputs: true);
        return metadata?.ReadOutputAs<LoopResult>() ?? throw new InvalidOperationException($"no result: {metadata?.RuntimeStatus} {metadata?.SerializedOutput}");
    }

    private static async Task<IReadOnlyList<IterationTiming>> TimingsAsync(string kind, int run, string store, string instance, string marks, ModelServer server, string repo)
    {
        var result = await ResultAsync(store, instance);

        if (result.Outcome != LoopOutcome.Verified)
        {
            throw new InvalidOperationException($"{kind}: the benchmarked loop ended {result.Outcome}: {result.Reason}");
        }

        var stamps = (await File.ReadAllLinesAsync(Path.Combine(marks, "cli.log")))
            .Select(l => l.Split(' '))
            .Select(p => (Kind: p[0], At: DateTime.UnixEpoch.AddTicks(long.Parse(p[1], CultureInfo.InvariantCulture) / 100)))
            .ToList();
        var check = await CheckMillisecondsAsync(repo);
        var timings = new List<IterationTiming>();
        foreach (var iteration in result.Iterations)
        {
            var index = iteration.Number - 1;
            var (start, end) = (stamps.Where(s => s.Kind == "start").ElementAt(index).At, stamps.Where(s => s.Kind == "end").ElementAt(index).At);
            var calls = server.ScriptedRequests.Where(r => r.ReceivedAt >= start && r.ReceivedAt <= end).ToList();
            timings.Add(new IterationTiming(
                kind,
                run,
                iteration.Number,
                Math.Round((iteration.EndedAt - iteration.StartedAt).TotalMilliseconds, 1),
                Math.Round((end - start).TotalMilliseconds, 1),
                calls.Count == 0 ? 0 : Math.Round((calls[0].ReceivedAt - start).TotalMilliseconds, 1),
                calls.Count == 0 ? 0 : Math.Round((end - calls[^1].ReceivedAt).TotalMilliseconds, 1),
                check));
        }

        return timings;
    }

    /// <summary>The check's own time, run by hand on the base commit: the part of an iteration that is the check's.</summary>
    private static async Task<double> CheckMillisecondsAsync(string repo)
    {
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(new ProcessStartInfo("bash", ["tests/test_calc.sh"]) { WorkingDirectory = repo, RedirectStandardOutput = true })!;
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return Math.Round(watch.Elapsed.TotalMilliseconds, 1);
    }

    /// <param name="unverifiedEnds">Whether a loop that ended unverified (exit 3: max iterations, stalled) is a result, not an error.</param>
    internal static async Task LoopfnAsync(string loop, string repo, string store, string instance, bool unverifiedEnds = false)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "cli", "loopfn.dll"), "run", loop, "--repo", repo, "--store", store, "--instance", instance, "--json" })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["LOOPFN_BENCH_KEY"] = "stub-key";
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0 && !(unverifiedEnds && process.ExitCode == 3))
        {
            throw new InvalidOperationException($"loopfn run exited {process.ExitCode}:\n{await error}");
        }
    }

    internal static async Task<ModelServer> ServerAsync(string kind) => kind switch
    {
        "claude" => await AnthropicModelServer.StartAsync(),
        "codex" => await ResponsesModelServer.StartAsync(),
        "gemini" => await GeminiModelServer.StartAsync(),
        "opencode" => await ChatCompletionsModelServer.StartAsync(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "claude, codex, gemini or opencode"),
    };

    internal static async Task<string> RepositoryAsync(string folder)
    {
        Directory.CreateDirectory(Path.Combine(folder, "src"));
        Directory.CreateDirectory(Path.Combine(folder, "tests"));
        await File.WriteAllTextAsync(Path.Combine(folder, "src", "calc.sh"), Calc);
        await File.WriteAllTextAsync(Path.Combine(folder, "tests", "test_calc.sh"), Test);
        foreach (var args in new[] { new[] { "init", "-q", "-b", "main" }, ["add", "-A"], ["-c", "user.name=bench", "-c", "user.email=bench@localhost", "commit", "-qm", "calc"] })
        {
            using var git = Process.Start(new ProcessStartInfo("git", args) { WorkingDirectory = folder })!;
            await git.WaitForExitAsync();
        }

        return folder;
    }
}
