using DurableTask.Core.History;

namespace LoopFunctions.DurableTask.Client;

public sealed partial class DurableEngineClient
{
    /// <summary>The latest execution's history as typed DTFx events, in order.</summary>
    /// <remarks>Read from the backend's history JSON (<see cref="global::DurableTask.Core.IOrchestrationServiceClient.GetOrchestrationHistoryAsync"/>),
    /// element by element on its <c>EventType</c>: see <see cref="HistoryJson.Deserialize"/>.</remarks>
    /// <exception cref="OrchestrationNotFoundException">No such instance.</exception>
    public override async Task<IList<HistoryEvent>> GetOrchestrationHistoryAsync(string instanceId, CancellationToken cancellation = default)
    {
        var state = await GetExistingStateAsync(instanceId, cancellation).ConfigureAwait(false);
        cancellation.ThrowIfCancellationRequested();
        var json = await _client.GetOrchestrationHistoryAsync(instanceId, state.OrchestrationInstance.ExecutionId).ConfigureAwait(false);
        return HistoryJson.Deserialize(json);
    }
}
