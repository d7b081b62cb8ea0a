using System.Collections.Concurrent;
using DurableTask.Core;

namespace LoopFunctions.DurableTask.Sqlite.Tests.TestSupport;

/// <summary>The activities of the in-process tests.</summary>
public static class TestActivities
{
    public static Type[] All => [typeof(Echo), typeof(Add), typeof(FailWhileBroken), typeof(Poisoned), typeof(Big), typeof(Slow)];

    /// <summary>Instances whose <see cref="FailWhileBroken"/> still fails.</summary>
    public static ConcurrentDictionary<string, bool> Broken { get; } = new(StringComparer.Ordinal);

    /// <summary>Executions of <see cref="Slow"/> per instance.</summary>
    public static ConcurrentDictionary<string, int> SlowRuns { get; } = new(StringComparer.Ordinal);

    public sealed class Echo : TaskActivity<string, string>
    {
        protected override string Execute(TaskContext context, string input) => "echo:" + input;
    }

    public sealed class Add : TaskActivity<(long A, long B), long>
    {
        protected override long Execute(TaskContext context, (long A, long B) input) => input.A + input.B;
    }

    public sealed class FailWhileBroken : TaskActivity<string, string>
    {
        protected override string Execute(TaskContext context, string input) =>
            Broken.TryGetValue(context.OrchestrationInstance.InstanceId, out var broken) && broken
                ? throw new InvalidOperationException("broken for " + input)
                : "fixed:" + input;
    }

    /// <summary>Made to fail outside its code (by a middleware in the poison test).</summary>
    public sealed class Poisoned : TaskActivity<string, string>
    {
        protected override string Execute(TaskContext context, string input) => input;
    }

    /// <summary>Returns a string of the given length.</summary>
    public sealed class Big : TaskActivity<int, string>
    {
        protected override string Execute(TaskContext context, int input) => new('x', input);
    }

    public sealed class Slow : AsyncTaskActivity<int, int>
    {
        protected override async Task<int> ExecuteAsync(TaskContext context, int input)
        {
            SlowRuns.AddOrUpdate(context.OrchestrationInstance.InstanceId, 1, (_, n) => n + 1);
            await Task.Delay(input);
            return input;
        }
    }
}
