using System.Collections.Concurrent;
using DurableTask.Core;
using DurableTask.Core.Exceptions;

namespace LoopFunctions.DurableTask.Sqlite.Tests.TestSupport;

/// <summary>The orchestrations of the in-process tests (classic DTFx orchestrations).</summary>
public static class TestOrchestrations
{
    public static Type[] All =>
    [
        typeof(Hello), typeof(Sequential), typeof(FanOut), typeof(Timer), typeof(WaitForEvent), typeof(ActivityThenEvent),
        typeof(Parent), typeof(Child), typeof(Accumulator), typeof(Rewindable), typeof(CatchActivityFailure), typeof(Output), typeof(Long),
    ];

    /// <summary>Calls of RunTask per instance: one per replay from history (a session resume does not call it).</summary>
    public static ConcurrentDictionary<string, int> Executions { get; } = new(StringComparer.Ordinal);

    private static void Count(OrchestrationContext context) =>
        Executions.AddOrUpdate(context.OrchestrationInstance.InstanceId, 1, (_, n) => n + 1);

    public sealed class Hello : TaskOrchestration<string, string>
    {
        public override Task<string> RunTask(OrchestrationContext context, string input) =>
            context.ScheduleTask<string>(typeof(TestActivities.Echo), input);
    }

    /// <summary>n sequential activities, each adding 1.</summary>
    public sealed class Sequential : TaskOrchestration<long, int>
    {
        public override async Task<long> RunTask(OrchestrationContext context, int input)
        {
            Count(context);
            long total = 0;
            for (var i = 0; i < input; i++)
            {
                total = await context.ScheduleTask<long>(typeof(TestActivities.Add), (total, 1L));
            }

            return total;
        }
    }

    public sealed class FanOut : TaskOrchestration<long, int>
    {
        public override async Task<long> RunTask(OrchestrationContext context, int input)
        {
            var tasks = Enumerable.Range(1, input).Select(i => context.ScheduleTask<long>(typeof(TestActivities.Add), ((long)i, 0L)));
            return (await Task.WhenAll(tasks)).Sum();
        }
    }

    /// <summary>Waits for a durable timer of the given milliseconds.</summary>
    public sealed class Timer : TaskOrchestration<string, int>
    {
        public override async Task<string> RunTask(OrchestrationContext context, int input)
        {
            var fired = await context.CreateTimer(context.CurrentUtcDateTime.AddMilliseconds(input), "fired");
            return fired + "@" + context.CurrentUtcDateTime.Ticks;
        }
    }

    /// <summary>Returns the payload of the first "go" event.</summary>
    public sealed class WaitForEvent : TaskOrchestration<string, string>
    {
        private readonly TaskCompletionSource<string> _go = new();

        public override async Task<string> RunTask(OrchestrationContext context, string input) => input + ":" + await _go.Task;

        public override void OnEvent(OrchestrationContext context, string name, string input)
        {
            if (name == "go")
            {
                _go.TrySetResult(input);
            }
        }
    }

    /// <summary>Runs a slow activity, then waits for "go", which is raised while the activity runs.</summary>
    public sealed class ActivityThenEvent : TaskOrchestration<string, int>
    {
        private readonly TaskCompletionSource<string> _go = new();

        public override async Task<string> RunTask(OrchestrationContext context, int input)
        {
            await context.ScheduleTask<int>(typeof(TestActivities.Slow), input);
            return await _go.Task;
        }

        public override void OnEvent(OrchestrationContext context, string name, string input)
        {
            if (name == "go")
            {
                _go.TrySetResult(input);
            }
        }
    }

    /// <summary>Runs <see cref="Child"/> under the id given as input; returns its result, or the failure message.</summary>
    public sealed class Parent : TaskOrchestration<string, string>
    {
        public override async Task<string> RunTask(OrchestrationContext context, string input)
        {
            try
            {
                return "parent:" + await context.CreateSubOrchestrationInstance<string>(typeof(Child), input, "from-parent");
            }
            catch (SubOrchestrationFailedException ex)
            {
                return "failed:" + ex.Message;
            }
        }
    }

    /// <summary>One activity, or waits for "go" when its input is "wait".</summary>
    public sealed class Child : TaskOrchestration<string, string>
    {
        private readonly TaskCompletionSource<string> _go = new();

        public override async Task<string> RunTask(OrchestrationContext context, string input) =>
            input == "wait" ? await _go.Task : await context.ScheduleTask<string>(typeof(TestActivities.Echo), input);

        public override void OnEvent(OrchestrationContext context, string name, string input) => _go.TrySetResult(input);
    }

    /// <summary>Adds one "add" event per generation and continues as new until <c>Remaining</c> is 0.</summary>
    public sealed class Accumulator : TaskOrchestration<long, (int Remaining, long Sum)>
    {
        private readonly TaskCompletionSource<long> _add = new();

        public override async Task<long> RunTask(OrchestrationContext context, (int Remaining, long Sum) input)
        {
            if (input.Remaining == 0)
            {
                return input.Sum;
            }

            var value = await _add.Task;
            context.ContinueAsNew((input.Remaining - 1, input.Sum + value));
            return -1;
        }

        public override void OnEvent(OrchestrationContext context, string name, string input) => _add.TrySetResult(long.Parse(input.Trim('"'), System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Calls an activity that fails while its instance is marked broken (rewind test).</summary>
    public sealed class Rewindable : TaskOrchestration<string, string>
    {
        public override async Task<string> RunTask(OrchestrationContext context, string input)
        {
            var first = await context.ScheduleTask<string>(typeof(TestActivities.Echo), input);
            return first + "+" + await context.ScheduleTask<string>(typeof(TestActivities.FailWhileBroken), input);
        }
    }

    /// <summary>Calls the activity named by the input and returns its result or its failure message.</summary>
    public sealed class CatchActivityFailure : TaskOrchestration<string, (string Activity, int Input)>
    {
        public override async Task<string> RunTask(OrchestrationContext context, (string Activity, int Input) input)
        {
            try
            {
                var result = input.Activity == "Big"
                    ? await context.ScheduleTask<string>(typeof(TestActivities.Big), input.Input)
                    : await context.ScheduleTask<string>(typeof(TestActivities.Poisoned), "x");
                return "ok:" + result.Length;
            }
            catch (TaskFailedException ex)
            {
                return "failed:" + ex.Message;
            }
        }
    }

    /// <summary>Returns a string of the given length (payload limit test).</summary>
    public sealed class Output : TaskOrchestration<string, int>
    {
        public override Task<string> RunTask(OrchestrationContext context, int input) => Task.FromResult(new string('y', input));
    }

    /// <summary>n sequential activities; counts its executions (session test).</summary>
    public sealed class Long : TaskOrchestration<long, int>
    {
        public override async Task<long> RunTask(OrchestrationContext context, int input)
        {
            Count(context);
            long total = 0;
            for (var i = 0; i < input; i++)
            {
                total = await context.ScheduleTask<long>(typeof(TestActivities.Add), (total, 1L));
            }

            return total;
        }
    }
}
