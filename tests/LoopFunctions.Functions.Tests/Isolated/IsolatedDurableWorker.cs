using System.Collections.Immutable;
using DurableTask.Core.History;
using Google.Protobuf;
using LoopFunctions.Functions.Hosting;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker.Grpc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using P = Microsoft.DurableTask.Protobuf;

namespace LoopFunctions.Functions.Tests.Isolated;

/// <summary>
/// The Functions app's orchestrator invocations as the isolated Durable extension runs them, without the Functions
/// host: the app's services as the worker builds them (<c>AddFunctionsWorkerDefaults</c>, then the extension startup
/// the SDK generated into the app, then the app's own setup), and each episode encoded as the host sends it (a base64
/// <see cref="P.OrchestratorRequest"/>) through <see cref="GrpcOrchestrationRunner.LoadAndRun(string, ITaskOrchestrator, IServiceProvider?)"/>,
/// the call the extension's <c>DurableFunctionExecutor</c> makes, with the extension's own context wrapper
/// (<c>FunctionsOrchestrationContext</c>) around the context the function gets.
/// </summary>
/// <remarks>What is not the real path: the generated function executor's parameter binding (it needs the worker's
/// internal binding feature) is replaced by calling the <c>[Function]</c> method with the wrapped context, which is all
/// that binding does for an <c>[OrchestrationTrigger]</c> parameter.</remarks>
internal sealed class IsolatedDurableWorker : IDisposable
{
    private static readonly Type ContextWrapper = typeof(Microsoft.Azure.Functions.Worker.Extensions.DurableTask.DurableTaskExtensionStartup).Assembly
        .GetType("Microsoft.Azure.Functions.Worker.Extensions.DurableTask.FunctionsOrchestrationContext", throwOnError: true)!;

    private readonly ServiceProvider _services;

    public IsolatedDurableWorker(string loopsFolder)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["LoopFunctions:LoopsFolder"] = loopsFolder })
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        var builder = services.AddFunctionsWorkerDefaults();
        // The worker runs this at startup from the app's entry assembly; under a test host it has to be called.
        new LoopFunctions.Functions.WorkerExtensionStartupCodeExecutor().Configure(builder);
        services.AddLoopFunctionsApp(configuration, AppContext.BaseDirectory);
        _services = services.BuildServiceProvider();
    }

    /// <summary>Runs one episode of <paramref name="function"/> (an orchestrator function's body, given the context
    /// its trigger parameter would get) and returns the worker's decoded answer.</summary>
    public P.OrchestratorResponse Run(string name, Func<TaskOrchestrationContext, Task<object?>> function, string instanceId, IEnumerable<HistoryEvent> past, IEnumerable<HistoryEvent> @new)
    {
        // As the extension sends it on a backend with entities (both of ours): the orchestrator may then call entities.
        var request = new P.OrchestratorRequest
        {
            InstanceId = instanceId,
            EntityParameters = new P.OrchestratorEntityParameters { EntityMessageReorderWindow = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.Zero) },
        };
        request.PastEvents.AddRange(past.Select(ProtoHistory.ToProto));
        request.NewEvents.AddRange(@new.Select(ProtoHistory.ToProto));
        var encoded = Convert.ToBase64String(request.ToByteArray());

        using var scope = _services.CreateScope();
        var context = FunctionContext(name, scope.ServiceProvider);
        var answer = GrpcOrchestrationRunner.LoadAndRun(encoded, new FunctionOrchestrator(context, function), scope.ServiceProvider);
        return P.OrchestratorResponse.Parser.ParseFrom(Convert.FromBase64String(answer));
    }

    public void Dispose() => _services.Dispose();

    private static FunctionContext FunctionContext(string name, IServiceProvider services)
    {
        var trigger = new Mock<BindingMetadata>();
        trigger.SetupGet(b => b.Name).Returns("context");
        trigger.SetupGet(b => b.Type).Returns("orchestrationTrigger");
        trigger.SetupGet(b => b.Direction).Returns(BindingDirection.In);
        var definition = new Mock<FunctionDefinition>();
        definition.SetupGet(d => d.Name).Returns(name);
        definition.SetupGet(d => d.InputBindings).Returns(ImmutableDictionary<string, BindingMetadata>.Empty.Add("context", trigger.Object));
        definition.SetupGet(d => d.OutputBindings).Returns(ImmutableDictionary<string, BindingMetadata>.Empty);
        definition.SetupGet(d => d.Parameters).Returns([new FunctionParameter("context", typeof(TaskOrchestrationContext))]);
        var context = new Mock<FunctionContext>();
        context.SetupGet(c => c.InstanceServices).Returns(services);
        context.SetupGet(c => c.FunctionDefinition).Returns(definition.Object);
        context.SetupGet(c => c.FunctionId).Returns(name);
        context.SetupGet(c => c.InvocationId).Returns(Guid.NewGuid().ToString());
        context.SetupGet(c => c.Items).Returns(new Dictionary<object, object>());
        context.SetupGet(c => c.CancellationToken).Returns(CancellationToken.None);
        return context.Object;
    }

    /// <summary>What the extension's <c>FunctionsOrchestrator</c> does for a function whose only parameter is the
    /// trigger's context: wrap the context, run the function, and refuse a function that went asynchronous on a
    /// non-durable task.</summary>
    private sealed class FunctionOrchestrator(FunctionContext functionContext, Func<TaskOrchestrationContext, Task<object?>> function) : ITaskOrchestrator
    {
        public Type InputType => typeof(object);

        public Type OutputType => typeof(object);

        public Task<object?> RunAsync(TaskOrchestrationContext context, object? input)
        {
            var wrapped = (TaskOrchestrationContext)Activator.CreateInstance(ContextWrapper, context, functionContext)!;
            return function(wrapped);
        }
    }
}
