using LoopFunctions.Durable.Client;
using LoopFunctions.Durable.CrashHost;
using LoopFunctions.Durable.Sqlite;
using LoopFunctions.Durable.Tests.TestSupport;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace LoopFunctions.Durable.Tests.Crash;

/// <summary>
/// Real processes, real SIGKILLs: a worker process runs orchestrations on a SQLite file and is killed at random
/// points; a new process must finish every instance with exactly the result of an uncrashed run.
/// </summary>
public sealed class SqliteCrashTests(ITestOutputHelper output) : IDisposable
{
    private const int Instances = 40;
    private const int StepsPerInstance = 9;
    private readonly string _folder = Directory.CreateTempSubdirectory("loopfn-crash-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Worker_KilledWithSigkillAtRandomMoments_EveryInstanceCompletesExactlyAsUncrashed()
    {
        var db = Path.Combine(_folder, "crash.db");
        var log = Path.Combine(_folder, "side-effects.log");
        File.WriteAllText(log, "");
        var seed = Environment.GetEnvironmentVariable("LOOPFN_CRASH_SEED") is { } s ? int.Parse(s, System.Globalization.CultureInfo.InvariantCulture) : Random.Shared.Next();
        output.WriteLine($"seed {seed} (set LOOPFN_CRASH_SEED to repeat)");
        var random = new Random(seed);

        await using var store = new SqliteDurableStore(new SqliteStoreOptions { Path = db });
        var client = new DurableTaskClient(store, Options.Create(CrashOptions.Create()));
        await store.CreateIfNotExistsAsync();
        for (var k = 0; k < Instances; k++)
        {
            await client.ScheduleNewOrchestrationInstanceAsync(CrashWorkflow.Name, k, new StartOrchestrationOptions($"crash-{k:D2}"));
        }

        var kills = 0;
        while (kills < 12)
        {
            await using var child = ChildProcess.Start("LoopFunctions.Durable.CrashHost", db, log);
            var linesAtStart = CountLines(log);
            var killAfter = random.Next(1, 8);
            var reached = await PollAsync(() => CountLines(log) >= linesAtStart + killAfter || child.HasExited);
            Assert.True(reached, "the worker made no progress before the deadline:\n" + child.Output);
            if (child.HasExited)
            {
                // It finished everything before this kill point; it must have done so cleanly.
                Assert.True(await child.WaitForExitAsync(TimeSpan.FromSeconds(10)) == 0, child.Output);
                output.WriteLine($"child finished early after {CountLines(log) - linesAtStart} lines:\n{child.Output}");
                break;
            }

            await child.KillAsync();
            kills++;
            output.WriteLine($"kill {kills} after {CountLines(log) - linesAtStart} new activity executions");
        }

        await using (var survivor = ChildProcess.Start("LoopFunctions.Durable.CrashHost", db, log))
        {
            var exit = await survivor.WaitForExitAsync(TimeSpan.FromMinutes(3));
            Assert.True(exit == 0, survivor.Output);
        }

        var effects = File.ReadAllLines(log).Select(l => l[..l.LastIndexOf(':')]).ToList();
        output.WriteLine($"{kills} kills; {effects.Count} activity executions for {Instances * StepsPerInstance} activities");
        Assert.True(kills >= 10, $"only {kills} kills happened; the workload finished too early to test crashes");
        for (var k = 0; k < Instances; k++)
        {
            var instance = await client.GetInstanceAsync($"crash-{k:D2}", getInputsAndOutputs: true);
            Assert.Equal(OrchestrationRuntimeStatus.Completed, instance!.RuntimeStatus);
            Assert.Equal(CrashWorkflow.ExpectedOutput(k), instance.ReadOutputAs<int>());
            for (var step = 1; step <= StepsPerInstance; step++)
            {
                Assert.True(effects.Contains($"crash-{k:D2}:{step}"), $"crash-{k:D2} step {step} has no side effect in the log:\n{string.Join('\n', effects.Where(e => e.StartsWith($"crash-{k:D2}", StringComparison.Ordinal)))}");
            }
        }
    }

    private static int CountLines(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var count = 0;
        int b;
        while ((b = stream.ReadByte()) >= 0)
        {
            count += b == '\n' ? 1 : 0;
        }

        return count;
    }

    private static async Task<bool> PollAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (condition())
            {
                return true;
            }

            await Task.Delay(5);
        }

        return false;
    }
}
