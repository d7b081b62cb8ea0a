namespace LoopFunctions.Durable.CrashHost;

/// <summary>
/// The orchestration the crash tests kill and resume: sequential steps, a fan-out, a durable timer and a sum whose
/// value an uncrashed run gives exactly (90k + 45 for input k).
/// </summary>
public static class CrashWorkflow
{
    public const string Name = "CrashWorkflow";

    private static readonly Lock LogLock = new();

    public static int ExpectedOutput(int k) => (90 * k) + 45;

    public static void Register(DurableTaskRegistry registry, string sideEffectLog) => registry
        .AddActivityFunc<StepInput, int>("Step", async (ctx, step) =>
        {
            // The side effect the test counts: one line per execution, so duplicates show at-least-once delivery.
            // .NET's FileMode.Append seeks rather than opening with O_APPEND, so concurrent activities must take turns.
            lock (LogLock)
            {
                File.AppendAllText(sideEffectLog, $"{ctx.InstanceId}:{step.Number}:{ctx.DeliveryCount}\n");
            }

            // Work that takes a few milliseconds, so kills land inside activities as well as between them.
            await Task.Delay(5 + (step.Number % 3 * 5));
            return (step.K * 10) + step.Number;
        })
        .AddOrchestratorFunc<int, int>(Name, async (ctx, k) =>
        {
            var sum = 0;
            for (var s = 1; s <= 5; s++)
            {
                sum += await ctx.CallActivityAsync<int>("Step", new StepInput(k, s));
            }

            var fanned = await Task.WhenAll(Enumerable.Range(6, 4).Select(s => ctx.CallActivityAsync<int>("Step", new StepInput(k, s))));
            await ctx.CreateTimer(TimeSpan.FromMilliseconds(30), CancellationToken.None);
            return sum + fanned.Sum();
        });

    public sealed record StepInput(int K, int Number);
}
