using DurableTask.Core;

namespace LoopFunctions.DurableTask.Sqlite.CrashHost;

/// <summary>Small orchestrations shared by the multi-process tests and the in-process ones.</summary>
public static class Workloads
{
    public static Type[] Orchestrations => [typeof(Sequence), typeof(Approval), typeof(HoldAfterResult)];

    public static Type[] Activities => [typeof(Square), typeof(Mark)];

    /// <summary>Sum of the squares of 1..n, one activity per number, in sequence.</summary>
    public sealed class Sequence : TaskOrchestration<long, int>
    {
        public override async Task<long> RunTask(OrchestrationContext context, int input)
        {
            long total = 0;
            for (var i = 1; i <= input; i++)
            {
                total += await context.ScheduleTask<long>(typeof(Square), i);
            }

            return total;
        }
    }

    /// <summary>Waits for an "approve" event and returns its payload.</summary>
    public sealed class Approval : TaskOrchestration<string, string>
    {
        private readonly TaskCompletionSource<string> _approved = new();

        public override async Task<string> RunTask(OrchestrationContext context, string input) => input + ":" + await _approved.Task;

        public override void OnEvent(OrchestrationContext context, string name, string input) => _approved.TrySetResult(input);
    }

    public sealed class Square : TaskActivity<int, long>
    {
        protected override long Execute(TaskContext context, int input) => (long)input * input;
    }

    /// <summary>Runs <see cref="Mark"/>; in a process started with DTFX_SQLITE_HOLD=1 it then logs "applying:ID" and
    /// hangs while applying the result, before the checkpoint that would commit it (the fold kill test kills it there).</summary>
    public sealed class HoldAfterResult : TaskOrchestration<string, string>
    {
        public override async Task<string> RunTask(OrchestrationContext context, string input)
        {
            var result = await context.ScheduleTask<string>(typeof(Mark), input);
            if (!context.IsReplaying && Environment.GetEnvironmentVariable("DTFX_SQLITE_HOLD") == "1" && CrashWorkflow.SideEffectLog is { } log)
            {
                AppendLog.Append(log, "applying:" + context.OrchestrationInstance.InstanceId);
                Thread.Sleep(Timeout.Infinite);
            }

            return result;
        }
    }

    /// <summary>Logs "ran:ID" (one line per execution) and returns "marked:input".</summary>
    public sealed class Mark : TaskActivity<string, string>
    {
        protected override string Execute(TaskContext context, string input)
        {
            if (CrashWorkflow.SideEffectLog is { } log)
            {
                AppendLog.Append(log, "ran:" + context.OrchestrationInstance.InstanceId);
            }

            return "marked:" + input;
        }
    }
}
