using LoopFunctions.DurableTask.Tests.TestSupport;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace LoopFunctions.DurableTask.Tests.Providers;

public abstract partial class ProviderTests
{
    [Fact]
    public async Task CallActivityAsync_SequentialActivities_ReturnsComposedResult()
    {
        var host = await StartAsync(r => r
            .AddActivityFunc<string, string>("Hello", (_, name) => $"Hello {name}!")
            .AddOrchestratorFunc<string[], string>("Greet", async (ctx, names) =>
            {
                var parts = new List<string>();
                foreach (var name in names!)
                {
                    parts.Add(await ctx.CallActivityAsync<string>("Hello", name));
                }

                return string.Join(" ", parts);
            }));

        var before = DateTimeOffset.UtcNow.AddSeconds(-5);
        var result = await host.RunAsync("Greet", new[] { "Tokyo", "Seattle", "London" });
        var after = DateTimeOffset.UtcNow.AddSeconds(5);
        var withoutPayloads = await host.Client.GetInstanceAsync(result.InstanceId);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal("Greet", result.Name);
        Assert.Equal("Hello Tokyo! Hello Seattle! Hello London!", result.ReadOutputAs<string>());
        Assert.Equal(["Tokyo", "Seattle", "London"], result.ReadInputAs<string[]>()!);
        Assert.InRange(result.CreatedAt, before, after);
        Assert.InRange(result.LastUpdatedAt, result.CreatedAt, after);
        Assert.Equal(TimeSpan.Zero, result.CreatedAt.Offset);
        Assert.Null(result.FailureDetails);
        Assert.Null(withoutPayloads!.SerializedInput);
        Assert.Null(withoutPayloads.SerializedOutput);
    }

    [Fact]
    public async Task CallActivityAsync_FanOutFanIn_SumsAllResults()
    {
        var host = await StartAsync(r => r
            .AddActivityFunc<int, int>("Square", (_, x) => x * x)
            .AddOrchestratorFunc<int, int>("SumOfSquares", async (ctx, n) =>
            {
                var tasks = Enumerable.Range(1, n).Select(i => ctx.CallActivityAsync<int>("Square", i)).ToList();
                return (await Task.WhenAll(tasks)).Sum();
            }));

        var result = await host.RunAsync("SumOfSquares", 30);

        Assert.Equal(Enumerable.Range(1, 30).Sum(i => i * i), result.ReadOutputAs<int>());
    }

    [Fact]
    public async Task CallActivityAsync_ActivityThrows_OrchestratorSeesFailureDetails()
    {
        var host = await StartAsync(r => r
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
                    return $"{ex.TaskName}|{ex.FailureDetails.ErrorType}|{ex.FailureDetails.ErrorMessage}|{ex.FailureDetails.IsCausedBy<InvalidOperationException>()}";
                }
            }));

        var result = await host.RunAsync("Catcher");

        Assert.Equal("Boom|System.InvalidOperationException|disk full|True", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task CallActivityAsync_UnhandledActivityFailure_FailsOrchestrationWithFailureDetails()
    {
        var host = await StartAsync(r => r
            .AddActivityFunc<string, string>("Boom", (_, _) => Throw<string>(new InvalidOperationException("disk full")))
            .AddOrchestratorFunc<string>("Caller", ctx => ctx.CallActivityAsync<string>("Boom")));

        var result = await host.RunAsync("Caller");

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Equal(typeof(TaskFailedException).FullName, result.FailureDetails!.ErrorType);
        Assert.Equal(typeof(InvalidOperationException).FullName, result.FailureDetails.InnerFailure!.ErrorType);
        Assert.Equal("disk full", result.FailureDetails.InnerFailure.ErrorMessage);
    }

    [Fact]
    public async Task CallActivityAsync_RetryPolicy_RetriesUntilSuccess()
    {
        var attempts = 0;
        var host = await StartAsync(r => r
            .AddActivityFunc<string, int>("Flaky", (_, _) => Interlocked.Increment(ref attempts) < 3 ? Throw<int>(new TimeoutException("try again")) : attempts)
            .AddOrchestratorFunc<int>("Retrying", ctx => ctx.CallActivityAsync<int>(
                "Flaky", TaskOptions.FromRetryPolicy(new RetryPolicy(5, TimeSpan.FromMilliseconds(20), 2.0)))));

        var result = await host.RunAsync("Retrying");

        Assert.Equal(3, result.ReadOutputAs<int>());
        var history = await host.Client.GetOrchestrationHistoryAsync(result.InstanceId);
        Assert.Equal(2, history.OfType<global::DurableTask.Core.History.TaskFailedEvent>().Count());
    }

    [Fact]
    public async Task CallActivityAsync_RetriesExhausted_FailsAfterMaxAttempts()
    {
        var attempts = 0;
        var host = await StartAsync(r => r
            .AddActivityFunc<string, int>("AlwaysFails", (_, _) => Interlocked.Increment(ref attempts) > 0 ? Throw<int>(new TimeoutException("never works")) : 0)
            .AddOrchestratorFunc<int>("Retrying", ctx => ctx.CallActivityAsync<int>(
                "AlwaysFails", TaskOptions.FromRetryPolicy(new RetryPolicy(3, TimeSpan.FromMilliseconds(10))))));

        var result = await host.RunAsync("Retrying");

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Equal(3, attempts);
        Assert.Equal("never works", result.FailureDetails!.InnerFailure!.ErrorMessage);
    }

    [Fact]
    public async Task CallActivityAsync_RetryPredicateRejects_DoesNotRetry()
    {
        var attempts = 0;
        var policy = new RetryPolicy(5, TimeSpan.FromMilliseconds(10)) { HandleFailure = f => !f.IsCausedBy<ArgumentException>() };
        var host = await StartAsync(r => r
            .AddActivityFunc<string, int>("BadInput", (_, _) => Interlocked.Increment(ref attempts) > 0 ? Throw<int>(new ArgumentException("bad")) : 0)
            .AddOrchestratorFunc<int>("Retrying", ctx => ctx.CallActivityAsync<int>("BadInput", TaskOptions.FromRetryPolicy(policy))));

        var result = await host.RunAsync("Retrying");

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task CallActivityAsync_UnknownActivity_FailsWithActivityTaskNotFound()
    {
        var host = await StartAsync(r => r.AddOrchestratorFunc<string>("Caller", ctx => ctx.CallActivityAsync<string>("Missing")));

        var result = await host.RunAsync("Caller");

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Equal("ActivityTaskNotFound", result.FailureDetails!.InnerFailure!.ErrorType);
        Assert.Contains("'Missing'", result.FailureDetails.InnerFailure.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScheduleNewOrchestrationInstanceAsync_UnknownOrchestrator_FailsWithOrchestratorTaskNotFound()
    {
        var host = await StartAsync(_ => { });

        var result = await host.RunAsync("NoSuchOrchestrator");

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Equal("OrchestratorTaskNotFound", result.FailureDetails!.ErrorType);
        Assert.Contains("'NoSuchOrchestrator'", result.FailureDetails.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallActivityAsync_NamesDifferInCase_ResolvedCaseInsensitively()
    {
        var host = await StartAsync(r => r
            .AddActivityFunc<int, int>("Double", (_, x) => x * 2)
            .AddOrchestratorFunc<int, int>("Doubler", (ctx, x) => ctx.CallActivityAsync<int>("DOUBLE", x)));

        var result = await host.RunAsync("doubler", 21);

        Assert.Equal(42, result.ReadOutputAs<int>());
    }

    [Fact]
    public async Task CallActivityAsync_ActivityClassWithScopedDependency_FreshScopePerExecution()
    {
        var probes = new ScopeProbes();
        var host = await StartAsync(
            r => r
                .AddActivity<ScopedActivity>("Scoped")
                .AddOrchestratorFunc<string>("Twice", async ctx => await ctx.CallActivityAsync<string>("Scoped") + "," + await ctx.CallActivityAsync<string>("Scoped")),
            services: s => s.AddSingleton(probes).AddScoped<ScopeProbe>());

        var result = await host.RunAsync("Twice");

        var ids = result.ReadOutputAs<string>()!.Split(',');
        Assert.Equal(2, ids.Distinct().Count());
        Assert.Equal(ids.Order(), probes.Disposed.Order());
    }

    internal sealed class ScopeProbes
    {
        private readonly List<string> _disposed = [];

        public IReadOnlyList<string> Disposed
        {
            get
            {
                lock (_disposed)
                {
                    return [.. _disposed];
                }
            }
        }

        public void Add(string id)
        {
            lock (_disposed)
            {
                _disposed.Add(id);
            }
        }
    }

    internal sealed class ScopeProbe(ScopeProbes probes) : IDisposable
    {
        public string Id { get; } = Guid.NewGuid().ToString("N");

        public void Dispose() => probes.Add(Id);
    }

    internal sealed class ScopedActivity(ScopeProbe probe) : TaskActivity<string?, string>
    {
        public override Task<string> RunAsync(TaskActivityContext context, string? input) => Task.FromResult(probe.Id);
    }
}
