using LoopFunctions.Durable.Converters;
using LoopFunctions.Durable.Core;
using LoopFunctions.Durable.History;
using Microsoft.Extensions.Logging.Abstractions;

namespace LoopFunctions.Durable.Testing;

/// <summary>
/// Replays a recorded history against the current orchestrator code without a store or worker: the check to run in
/// CI before deploying a change to an orchestrator that has instances in flight.
/// </summary>
public sealed class OrchestrationReplayer(DurableTaskRegistry registry, IServiceProvider? services = null, DataConverter? converter = null)
{
    private readonly IServiceProvider _services = services ?? EmptyServiceProvider.Instance;

    /// <summary>Replays <paramref name="history"/>; throws when the code no longer matches it.</summary>
    /// <exception cref="NonDeterministicOrchestrationException">The code produces other actions than the recorded
    /// ones; the message names the recorded and the new action.</exception>
    public OrchestrationRuntimeStatus Replay(string instanceId, IReadOnlyList<HistoryEvent> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var runtime = new OrchestrationRuntime(
            instanceId,
            "replay",
            name => registry.TryCreateOrchestrator(name, _services, out var o) ? o : null,
            converter ?? JsonDataConverter.Default,
            NullLoggerFactory.Instance,
            int.MaxValue);
        runtime.Replay(history);
        return runtime.Status;
    }

    private sealed class EmptyServiceProvider : IServiceProvider
    {
        public static readonly EmptyServiceProvider Instance = new();

        public object? GetService(Type serviceType) => null;
    }
}
