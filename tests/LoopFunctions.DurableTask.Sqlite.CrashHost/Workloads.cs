using DurableTask.Core;

namespace LoopFunctions.DurableTask.Sqlite.CrashHost;

/// <summary>Small orchestrations shared by the multi-process tests and the in-process ones.</summary>
public static class Workloads
{
    public static Type[] Orchestrations => [typeof(Sequence)];

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

    public sealed class Square : TaskActivity<int, long>
    {
        protected override long Execute(TaskContext context, int input) => (long)input * input;
    }
}
