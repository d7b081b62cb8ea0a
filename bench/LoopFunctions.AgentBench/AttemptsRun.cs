using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using LoopFunctions.Loops.Orchestration;
using LoopFunctions.Loops.Tests.Agents.ModelServers;

namespace LoopFunctions.AgentBench;

/// <summary>
/// One benchmarked run of the attempts mode: <c>loopfn run</c> on a fresh calculator repository whose <c>add</c>
/// subtracts, with <c>agent.attempts: 1</c> or <c>3</c>, a real coding CLI and the stub model server of its wire API.
/// Every agent step (a user turn of a CLI session) draws, when its first model request arrives, whether it writes the
/// right fix (<c>+</c>) or a wrong one (<c>*</c>): draw <c>i</c> of <c>new Random(seed)</c>, in the order steps reach
/// the server, so both arms of run k see the same sequence of draws.
/// </summary>
internal static partial class AttemptsRun
{
    private const string Wrong = "#!/usr/bin/env bash\nadd() {\n  echo $(( $1 * $2 ))\n}\n";

    /// <summary>The stub model's price, the shipped list price of the model name the CLI is given.</summary>
    public const string Prices = "claude-sonnet-4-5: { input: 3, output: 15, cached_input: 0.3 }";

    /// <summary>What each stub response reports: about a Claude Code request's size (its system prompt and tools,
    /// mostly read from the prompt cache) and a short answer.</summary>
    public static readonly ServerUsage Usage = new(Input: 20_000, Output: 300, Cached: 16_000);

    public static async Task<AttemptsTiming> RunAsync(string kind, int attempts, double p, int seed, int run, int maxIterations)
    {
        if (kind != "claude")
        {
            // The session header that tells concurrent sessions apart was checked for Claude Code only.
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "the attempts mode drives claude only");
        }

        var load = double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);
        string? root = Directory.CreateTempSubdirectory("loopfn-attempts-bench-").FullName;
        try
        {
            var repo = await OverheadRun.RepositoryAsync(Path.Combine(root, "calc"));
            await using var server = await OverheadRun.ServerAsync(kind);
            server.Usage = Usage;
            var random = new Random(seed);
            var draws = new List<bool>();
            server.OnEachTurn(r => r.Headers.GetValueOrDefault("x-claude-code-session-id"), (_, request) =>
            {
                var right = random.NextDouble() < p;
                draws.Add(right);
                // Each attempt works in its own tree; Claude Code's Write wants an absolute path, so the fix goes to
                // the working directory the CLI names in its system prompt.
                var file = WorkingDirectory().Match(request.Body) is { Success: true } cwd ? $"{cwd.Groups[1].Value}/src/calc.sh" : "src/calc.sh";
                return [ModelAction.ReadFile(file), ModelAction.WriteFile(file, right ? OverheadRun.Fixed : Wrong), ModelAction.Reply(right ? "add adds." : "add multiplies.")];
            });
            const string Instance = "bench-1";
            var store = Path.Combine(root, "store", "store.db");
            var loop = Path.Combine(root, "bench.md");
            await File.WriteAllTextAsync(loop, $"""
                ---
                workspace:
                  base_branch: main
                agent:
                  kind: {kind}
                  command: {AgentClis.Path(kind)}
                  model: claude-sonnet-4-5
                  endpoint: {server.CliBaseUrl}
                  api_key_env: LOOPFN_BENCH_KEY
                  timeout: 5m
                  attempts: {attempts}
                  read_paths: [{Path.Combine(AgentClis.RepoRoot, ".tools", "agents")}]
                verify:
                  - name: tests
                    command: [bash, tests/test_calc.sh]
                limits:
                  max_iterations: {maxIterations}
                  stall_after: 0
                prices:
                  {Prices}
                ---
                Fix add in src/calc.sh.
                """);
            var watch = Stopwatch.StartNew();
            try
            {
                await OverheadRun.LoopfnAsync(loop, repo, store, Instance, unverifiedEnds: true);
            }
            catch (InvalidOperationException failed)
            {
                // A run that failed (rather than ended unverified) is a finding, not the end of the measurement: its
                // line says why, and its folder is kept for a look.
                Console.Error.WriteLine($"attempts {attempts}, run {run}: {failed.Message}; kept {root}");
                root = null;
                return new AttemptsTiming(attempts, p, seed, run, false, "Failed", 0, Math.Round(watch.Elapsed.TotalMilliseconds, 0), 0, 0, 0, 0, 0, draws.Count(d => d), draws.Count, [], load, [$"the run failed: {failed.Message.Split('\n').FirstOrDefault(l => l.Contains("is Failed", StringComparison.Ordinal))}"]);
            }

            var wall = watch.Elapsed.TotalMilliseconds;
            var result = await OverheadRun.ResultAsync(store, Instance);
            return Timing(result, attempts, p, seed, run, wall, load, [.. draws]);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (root is not null)
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    private static AttemptsTiming Timing(LoopResult result, int attempts, double p, int seed, int run, double wall, double load, IReadOnlyList<bool> draws)
    {
        var odd = new List<string>();
        var verdicts = new List<string>();
        var verifiedVerdicts = 0;
        var steps = 0;
        foreach (var iteration in result.Iterations)
        {
            var ledger = iteration.Attempts.Count > 0
                ? iteration.Attempts.Select(a => (a.Verdict, a.Committed)).ToList()
                : [(SingleVerdict(iteration), iteration.Commit is not null)];
            steps += ledger.Count;
            verifiedVerdicts += ledger.Count(a => a.Verdict == AttemptVerdict.Verified);
            verdicts.Add(string.Join(',', ledger.Select(a => Letter(a.Verdict) + (a.Committed ? "*" : ""))));
            if (ledger.Any(a => a.Verdict == AttemptVerdict.Verified) && !ledger.Any(a => a.Committed && a.Verdict == AttemptVerdict.Verified))
            {
                odd.Add($"iteration {iteration.Number}: a verified attempt was not the one committed");
            }
        }

        if (verifiedVerdicts != draws.Count(d => d))
        {
            odd.Add($"{verifiedVerdicts} verified attempts, {draws.Count(d => d)} right fixes drawn");
        }

        if (steps != draws.Count)
        {
            odd.Add($"{steps} agent steps recorded, {draws.Count} seen by the model server");
        }

        var loopMs = result.Iterations.Count == 0 ? 0 : (result.Iterations[^1].EndedAt - result.Iterations[0].StartedAt).TotalMilliseconds;
        return new AttemptsTiming(
            attempts, p, seed, run, result.Outcome == LoopOutcome.Verified, result.Outcome.ToString(), result.Iterations.Count,
            Math.Round(wall, 0), Math.Round(loopMs, 0), result.Spent.TotalTokens, result.Spent.CachedInputTokens, result.Spent.CostUsd,
            steps, draws.Count(d => d), draws.Count, verdicts, load, odd);
    }

    private static AttemptVerdict SingleVerdict(IterationRecord iteration) => iteration switch
    {
        { Verification.Passed: true } => AttemptVerdict.Verified,
        { Verification: not null } => AttemptVerdict.NotVerified,
        { Guard.Allowed: false } => AttemptVerdict.GuardRefused,
        _ => AttemptVerdict.NoCandidate,
    };

    private static string Letter(AttemptVerdict verdict) => verdict switch
    {
        AttemptVerdict.Verified => "V",
        AttemptVerdict.NotVerified => "N",
        AttemptVerdict.GuardRefused => "G",
        _ => "U",
    };

    [GeneratedRegex("""working directory: ([^\s\\"]+)""", RegexOptions.IgnoreCase)]
    private static partial Regex WorkingDirectory();
}
