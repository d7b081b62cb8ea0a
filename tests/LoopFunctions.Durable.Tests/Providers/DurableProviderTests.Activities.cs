namespace LoopFunctions.Durable.Tests.Providers;

public abstract partial class DurableProviderTests
{
    [Fact]
    public async Task CallActivityAsync_SequentialActivities_ReturnsComposedResult()
    {
        await using var host = await StartAsync(r => r
            .AddActivityFunc<string, string>("Hello", (_, name) => $"Hello {name}!")
            .AddOrchestratorFunc<string[], string>("Greet", async (ctx, names) =>
            {
                var parts = new List<string>();
                foreach (var name in names)
                {
                    parts.Add(await ctx.CallActivityAsync<string>("Hello", name));
                }

                return string.Join(" ", parts);
            }));

        var result = await host.RunAsync("Greet", new[] { "Tokyo", "Seattle", "London" });

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal("Hello Tokyo! Hello Seattle! Hello London!", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task CallActivityAsync_FanOutFanIn_SumsAllResults()
    {
        await using var host = await StartAsync(r => r
            .AddActivityFunc<int, int>("Square", (_, x) => x * x)
            .AddOrchestratorFunc<int, int>("SumOfSquares", async (ctx, n) =>
            {
                var tasks = Enumerable.Range(1, n).Select(i => ctx.CallActivityAsync<int>("Square", i)).ToList();
                return (await Task.WhenAll(tasks)).Sum();
            }));

        var result = await host.RunAsync("SumOfSquares", 100);

        Assert.Equal(Enumerable.Range(1, 100).Sum(i => i * i), result.ReadOutputAs<int>());
    }

    [Fact]
    public async Task CallActivityAsync_ActivityThrows_OrchestratorSeesFailureDetails()
    {
        await using var host = await StartAsync(r => r
            .AddActivityFunc<string, string>("Boom", (_, _) => Throw<string>(new InvalidOperationException("disk full")))
            .AddOrchestratorFunc<string>("Catcher", async ctx =>
            {
                try
                {
                    await ctx.CallActivityAsync<string>("Boom");
                    return "no failure";
                }
                catch (TaskFailedException ex)
                {
                    return $"{ex.TaskName}|{ex.FailureDetails.ErrorType}|{ex.FailureDetails.ErrorMessage}";
                }
            }));

        var result = await host.RunAsync("Catcher");

        Assert.Equal("Boom|System.InvalidOperationException|disk full", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task CallActivityAsync_UnhandledActivityFailure_FailsOrchestrationWithInnerDetails()
    {
        await using var host = await StartAsync(r => r
            .AddActivityFunc<string, string>("Boom", (_, _) => Throw<string>(new InvalidOperationException("disk full")))
            .AddOrchestratorFunc<string>("Caller", ctx => ctx.CallActivityAsync<string>("Boom")));

        var result = await host.RunAsync("Caller");

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Equal(typeof(TaskFailedException).FullName, result.FailureDetails!.ErrorType);
        Assert.Equal("disk full", result.FailureDetails.InnerFailure!.ErrorMessage);
    }

    [Fact]
    public async Task CallActivityAsync_RetryPolicy_RetriesUntilSuccess()
    {
        var attempts = 0;
        await using var host = await StartAsync(r => r
            .AddActivityFunc<string, int>("Flaky", (_, _) => Interlocked.Increment(ref attempts) < 3 ? Throw<int>(new TimeoutException("try again")) : attempts)
            .AddOrchestratorFunc<int>("Retrying", ctx => ctx.CallActivityAsync<int>(
                "Flaky", null, TaskOptions.FromRetryPolicy(new RetryPolicy(5, TimeSpan.FromMilliseconds(20), 2.0)))));

        var result = await host.RunAsync("Retrying");

        Assert.Equal(3, result.ReadOutputAs<int>());
        var history = await host.Client.GetHistoryAsync(result.InstanceId);
        Assert.Equal(2, history.OfType<History.TimerCreatedEvent>().Count());
    }

    [Fact]
    public async Task CallActivityAsync_RetriesExhausted_FailsAfterMaxAttempts()
    {
        var attempts = 0;
        await using var host = await StartAsync(r => r
            .AddActivityFunc<string, int>("AlwaysFails", (_, _) => Interlocked.Increment(ref attempts) > 0 ? Throw<int>(new TimeoutException("never works")) : 0)
            .AddOrchestratorFunc<int>("Retrying", ctx => ctx.CallActivityAsync<int>(
                "AlwaysFails", null, TaskOptions.FromRetryPolicy(new RetryPolicy(3, TimeSpan.FromMilliseconds(10))))));

        var result = await host.RunAsync("Retrying");

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Equal(3, attempts);
        Assert.Equal("never works", result.FailureDetails!.InnerFailure!.ErrorMessage);
    }

    [Fact]
    public async Task CallActivityAsync_RetryPredicateRejects_DoesNotRetry()
    {
        var attempts = 0;
        var policy = new RetryPolicy(5, TimeSpan.FromMilliseconds(10)) { HandleFailure = f => f.ErrorType != typeof(ArgumentException).FullName };
        await using var host = await StartAsync(r => r
            .AddActivityFunc<string, int>("BadInput", (_, _) => Interlocked.Increment(ref attempts) > 0 ? Throw<int>(new ArgumentException("bad")) : 0)
            .AddOrchestratorFunc<int>("Retrying", ctx => ctx.CallActivityAsync<int>("BadInput", null, TaskOptions.FromRetryPolicy(policy))));

        var result = await host.RunAsync("Retrying");

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task CallActivityAsync_UnknownActivity_FailsWithActivityNotFound()
    {
        await using var host = await StartAsync(r => r
            .AddOrchestratorFunc<string>("Caller", ctx => ctx.CallActivityAsync<string>("Missing")));

        var result = await host.RunAsync("Caller");

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Equal("ActivityNotFound", result.FailureDetails!.InnerFailure!.ErrorType);
        Assert.Contains("'Missing'", result.FailureDetails.InnerFailure.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallActivityAsync_ActivityContext_HasStableExecutionId()
    {
        string? seen = null;
        await using var host = await StartAsync(r => r
            .AddActivityFunc<string, string>("WhoAmI", (ctx, _) => seen = ctx.ActivityExecutionId)
            .AddOrchestratorFunc<string>("Caller", ctx => ctx.CallActivityAsync<string>("WhoAmI")));

        var result = await host.RunAsync("Caller", null, "stable-id");

        Assert.Equal(seen, result.ReadOutputAs<string>());
        Assert.Equal($"stable-id:{result.ExecutionId}:0", seen);
    }

    private static T Throw<T>(Exception exception) => throw exception;
}
