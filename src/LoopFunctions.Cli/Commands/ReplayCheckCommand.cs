using Microsoft.DurableTask.Client;

namespace LoopFunctions.Cli.Commands;

/// <summary><c>loopfn replay-check</c>: replays every recorded loop history in a store against this build's code —
/// run it before deploying a changed orchestrator while loops are in flight.</summary>
internal static class ReplayCheckCommand
{
    public static async Task<int> RunAsync(CommandLine line, TextWriter output, TextWriter error)
    {
        var store = line.Option("store");
        var only = line.Option("instance");
        line.EnsureAllRead();
        if (store is not null && !File.Exists(store))
        {
            error.WriteLine($"loopfn: no store at '{store}'");
            return ExitCodes.Error;
        }

        await using var engine = await LocalEngine.OpenAsync(store, startWorker: false);
        var checker = engine.ReplayChecker;
        int checkedCount = 0, failed = 0;
        await foreach (var instance in engine.Client.GetAllInstancesAsync(new OrchestrationQuery(InstanceIdPrefix: only, PageSize: 500)))
        {
            if (only is not null && instance.InstanceId != only)
            {
                continue;
            }

            var history = await engine.Client.GetOrchestrationHistoryAsync(instance.InstanceId);
            var result = checker.Check(history);
            if (result.Mismatch is { } mismatch)
            {
                failed++;
                output.WriteLine($"FAIL  {instance.InstanceId}: at event {mismatch.EventId} the history has {mismatch.RecordedAction}, this build does {mismatch.NewAction}");
                output.WriteLine($"      {mismatch.Message}");
            }
            else
            {
                output.WriteLine($"ok    {instance.InstanceId} ({instance.Name}, {history.Count} events)");
            }

            checkedCount++;
        }

        output.WriteLine($"{checkedCount} replayed, {failed} nondeterministic");
        return failed == 0 ? ExitCodes.Success : ExitCodes.Error;
    }
}
