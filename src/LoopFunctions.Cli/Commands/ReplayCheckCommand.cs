using System.CommandLine;
using Microsoft.DurableTask.Client;

namespace LoopFunctions.Cli.Commands;

/// <summary><c>loopfn replay-check</c>: replays every recorded loop history in a store against this build's code —
/// run it before deploying a changed orchestrator while loops are in flight.</summary>
internal sealed class ReplayCheckCommand : Command
{
    private readonly Option<string?> _store = CliOptions.Store();
    private readonly Option<string?> _instance = CliOptions.Text("--instance", "ID", "Replay only this instance (default: every instance in the store)");

    public ReplayCheckCommand()
        : base("replay-check", "Replay the recorded histories in the store against this build's code")
    {
        Options.Add(_store);
        Options.Add(_instance);
        SetAction((parse, _) =>
        {
            var (output, error) = parse.Writers();
            return RunAsync(parse.GetValue(_store), parse.GetValue(_instance), output, error);
        });
    }

    private static async Task<int> RunAsync(string? store, string? only, TextWriter output, TextWriter error)
    {
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
