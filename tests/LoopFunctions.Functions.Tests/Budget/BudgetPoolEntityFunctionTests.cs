using System.Reflection;
using System.Text.Json;
using Google.Protobuf;
using LoopFunctions.Functions.Hosting;
using LoopFunctions.Functions.Budget;
using LoopFunctions.Loops.Budget;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using P = Microsoft.DurableTask.Protobuf;

namespace LoopFunctions.Functions.Tests.Budget;

/// <summary>The <c>[EntityTrigger]</c> BudgetPool function as the isolated Durable extension invokes it: a
/// <see cref="TaskEntityDispatcher"/> over the encoded batch the host sends (built with the extension's own internal
/// constructor, since the type is sealed), the entity activated from the app's real services, and the batch run by
/// the extension's <c>GrpcEntityRunner</c>; the answer is decoded as the host would.</summary>
public sealed class BudgetPoolEntityFunctionTests : IDisposable
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private readonly ServiceProvider _services;

    public BudgetPoolEntityFunctionTests()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["LoopFunctions:LoopsFolder"] = AppContext.BaseDirectory,
                ["LoopFunctions:Pools:team-a:MaxCostUsd"] = "1",
            })
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        var builder = services.AddFunctionsWorkerDefaults();
        new LoopFunctions.Functions.WorkerExtensionStartupCodeExecutor().Configure(builder);
        services.AddLoopFunctionsApp(configuration, AppContext.BaseDirectory);
        _services = services.BuildServiceProvider();
    }

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task RunAsync_TwoReservesOverTheCapThenASettle_GrantsOneAndChargesItAcrossBatches()
    {
        var first = await RunAsync(null,
            Operation("reserve", new PoolReserveRequest("run-1", "fix", [new PoolItem("run-1/1/1", 100, 0.60m)])),
            Operation("reserve", new PoolReserveRequest("run-2", "docs", [new PoolItem("run-2/1/1", 100, 0.60m)])));

        Assert.Null(first.FailureDetails);
        Assert.Equal(2, first.Results.Count);
        Assert.Equal(1, Granted(first.Results[0]));
        Assert.Equal(0, Granted(first.Results[1]));
        var state = JsonSerializer.Deserialize<BudgetPoolState>(first.EntityState, Web)!;
        Assert.Equal(["run-1/1/1"], state.Reservations.Keys);

        var second = await RunAsync(first.EntityState, Operation("settle", new PoolSettleRequest("run-1/1/1", "run-1", "fix", 80, 0.40m)));

        Assert.Null(second.FailureDetails);
        var settled = JsonSerializer.Deserialize<BudgetPoolState>(second.EntityState, Web)!;
        Assert.Equal(0.40m, settled.SpentUsd);
        Assert.Empty(settled.Reservations);
        Assert.Equal(1, settled.ByLoop["fix"].Steps);
    }

    [Fact]
    public void RunAsync_IsTheBudgetPoolsEntityTrigger()
    {
        var method = typeof(BudgetPoolEntityFunction).GetMethod(nameof(BudgetPoolEntityFunction.RunAsync))!;

        Assert.Equal(BudgetPool.EntityName, method.GetCustomAttribute<FunctionAttribute>()!.Name);
        Assert.NotNull(method.GetParameters()[0].GetCustomAttribute<EntityTriggerAttribute>());
    }

    private static P.OperationRequest Operation(string name, object input) => new()
    {
        Operation = name,
        RequestId = Guid.NewGuid().ToString(),
        Input = JsonSerializer.Serialize(input),
    };

    private static int Granted(P.OperationResult result) =>
        JsonSerializer.Deserialize<PoolReserveResult>(result.Success.Result, Web)!.Granted;

    /// <summary>One batch through the function, as the extension's executor runs an entity trigger.</summary>
    private async Task<P.EntityBatchResult> RunAsync(string? state, params P.OperationRequest[] operations)
    {
        var request = new P.EntityBatchRequest { InstanceId = "@budgetpool@team-a", EntityState = state };
        request.Operations.AddRange(operations);
        using var scope = _services.CreateScope();
        // The extension builds the dispatcher itself (internal constructor); its parameters are the encoded request,
        // where the entity is activated from (the invocation's services) and, in 1.21, the extended-sessions cache,
        // which is null when extended sessions are off (the default).
        var context = new Mock<FunctionContext>();
        context.SetupGet(c => c.InstanceServices).Returns(scope.ServiceProvider);
        var constructor = typeof(TaskEntityDispatcher).GetConstructors(BindingFlags.Instance | BindingFlags.NonPublic).Single();
        var args = constructor.GetParameters().Select(p => p.ParameterType switch
        {
            var t when t == typeof(string) => Convert.ToBase64String(request.ToByteArray()),
            var t when t == typeof(IServiceProvider) => scope.ServiceProvider,
            var t when t == typeof(FunctionContext) => (object)context.Object,
            var t when t.Name == "ExtendedSessionsCache" => null,
            var t => throw new NotSupportedException($"TaskEntityDispatcher's constructor takes a {t} ({string.Join(", ", constructor.GetParameters().Select(q => q.ParameterType.Name))})"),
        }).ToArray();
        var dispatcher = (TaskEntityDispatcher)constructor.Invoke(args);

        await BudgetPoolEntityFunction.RunAsync(dispatcher);

        var result = (string)typeof(TaskEntityDispatcher).GetProperty("Result", BindingFlags.Instance | BindingFlags.NonPublic)!.GetValue(dispatcher)!;
        return P.EntityBatchResult.Parser.ParseFrom(Convert.FromBase64String(result));
    }
}
