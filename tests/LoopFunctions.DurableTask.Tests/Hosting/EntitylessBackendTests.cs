using System.Reflection;
using DurableTask.Core;
using LoopFunctions.DurableTask.Configuration;
using LoopFunctions.DurableTask.Hosting;
using LoopFunctions.DurableTask.Tests.TestSupport;
using Microsoft.DurableTask.Entities;

namespace LoopFunctions.DurableTask.Tests.Hosting;

/// <summary>Entities on a DTFx backend that cannot run them (both built-in backends can, so this one is a stand-in that
/// implements only the orchestration interfaces): the worker refuses to start and the client to signal, each naming
/// why.</summary>
public sealed class EntitylessBackendTests
{
    [Fact]
    public async Task StartAsync_EntitiesOnABackendWithoutEntitySupport_RefusedWithAClearMessage()
    {
        await using var host = await TestHost.StartAsync(
            new TestHostSpec(
                b => b.UseOrchestrationService(_ => DispatchProxy.Create<IEntitylessService, EntitylessService>(), _ => new DurableBackendInfo(StorageBackend.Sqlite, "entityless", "a backend without entities")),
                r => r.AddEntity<Providers.ProviderTests.Counter>().AddEntity<Providers.ProviderTests.Recorder>()),
            startWorker: false);

        var start = await Assert.ThrowsAsync<InvalidOperationException>(() => host.Worker.StartAsync(CancellationToken.None));
        var signal = await Assert.ThrowsAsync<NotSupportedException>(() => host.Client.Entities.SignalEntityAsync(new EntityInstanceId("counter", "x"), "add", 1));

        Assert.Contains("Entities are registered (Counter, Recorder)", start.Message, StringComparison.Ordinal);
        Assert.Contains("it does not implement IEntityOrchestrationService", start.Message, StringComparison.Ordinal);
        Assert.Contains("cannot signal entities", signal.Message, StringComparison.Ordinal);
    }

    /// <summary>Both halves of a DTFx backend, and not <see cref="DurableTask.Core.Entities.IEntityOrchestrationService"/>.</summary>
    public interface IEntitylessService : IOrchestrationService, IOrchestrationServiceClient;

    /// <summary>Answers every call with nothing: the test never gets as far as using the backend.</summary>
    public class EntitylessService : DispatchProxy
    {
        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
            targetMethod?.ReturnType == typeof(Task) ? Task.CompletedTask
            : targetMethod?.ReturnType is { IsValueType: true } value && value != typeof(void) ? Activator.CreateInstance(value)
            : null;
    }
}
