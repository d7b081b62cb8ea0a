using DurableTask.Core;

namespace LoopFunctions.DurableTask.Sqlite.CrashHost;

/// <summary>Small orchestrations shared by the multi-process tests and the in-process ones.</summary>
public static class Workloads
{
    public static Type[] Orchestrations => [typeof(Sequence), typeof(Approval)];

    public static Type[] Activities => [typeof(Square)];

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
}
