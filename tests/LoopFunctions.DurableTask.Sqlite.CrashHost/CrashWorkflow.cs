using System.Globalization;
using DurableTask.Core;

namespace LoopFunctions.DurableTask.Sqlite.CrashHost;

/// <summary>
/// The crash test's workload: per instance, sequential activities that append a side effect to a file, a durable
/// timer, and a sub-orchestration with its own activities. Its output is a pure function of its input, so a crashed
/// run must end with exactly the output of an uncrashed one.
/// </summary>
public static class CrashWorkflow
{
    public const int Steps = 6;

    /// <summary>The file each activity execution appends "instance:step:pid" to; set by the host.</summary>
    public static string? SideEffectLog { get; set; }

    /// <summary>How long each activity takes; the crash test slows the workload so its kills land all along it.</summary>
    public static TimeSpan ActivityDelay { get; set; }

    public static long Expected(int k) => Enumerable.Range(1, Steps).Sum(step => Value(k, step)) + ((k * 7) + 3) * 2;

    public static long Value(int k, int step) => (k * 100) + (step * step);

    public static Type[] Orchestrations => [typeof(Parent), typeof(Child)];

    public static Type[] Activities => [typeof(SideEffect)];

    public sealed class Parent : TaskOrchestration<long, int>
    {
        public override async Task<long> RunTask(OrchestrationContext context, int input)
        {
            long total = 0;
            for (var step = 1; step <= Steps; step++)
            {
                total += await context.ScheduleTask<long>(typeof(SideEffect), new SideEffectInput(context.OrchestrationInstance.InstanceId, input, step));
                if (step == 2)
                {
                    await context.CreateTimer(context.CurrentUtcDateTime.AddMilliseconds(200), true);
                }

                if (step == 4)
                {
                    total += await context.CreateSubOrchestrationInstance<long>(typeof(Child), context.OrchestrationInstance.InstanceId + "-child", (k: input, id: context.OrchestrationInstance.InstanceId));
                }
            }

            return total;
        }
    }

    public sealed class Child : TaskOrchestration<long, (int K, string Id)>
    {
        public override async Task<long> RunTask(OrchestrationContext context, (int K, string Id) input)
        {
            var a = await context.ScheduleTask<long>(typeof(SideEffect), new SideEffectInput(input.Id + "-child", input.K, 101));
            var b = await context.ScheduleTask<long>(typeof(SideEffect), new SideEffectInput(input.Id + "-child", input.K, 102));
            return a - Value(input.K, 101) + b - Value(input.K, 102) + ((input.K * 7) + 3) * 2;
        }
    }

    public sealed record SideEffectInput(string InstanceId, int K, int Step);

    public sealed class SideEffect : AsyncTaskActivity<SideEffectInput, long>
    {
        protected override async Task<long> ExecuteAsync(TaskContext context, SideEffectInput input)
        {
            ArgumentNullException.ThrowIfNull(input);
            if (ActivityDelay > TimeSpan.Zero)
            {
                await Task.Delay(ActivityDelay).ConfigureAwait(false);
            }

            if (SideEffectLog is { } log)
            {
                AppendLog.Append(log, string.Create(CultureInfo.InvariantCulture, $"{input.InstanceId}:{input.Step}:{Environment.ProcessId}"));
            }

            return Value(input.K, input.Step);
        }
    }
}
