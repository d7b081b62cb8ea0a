using Microsoft.DurableTask.Client;

namespace LoopFunctions.DurableTask;

/// <summary>An instance with the requested id exists in a status that refuses a new start: a live one (Pending,
/// Running, Suspended) always, a terminal one when its status is in the start's dedupe statuses (HTTP hosts answer 409).</summary>
/// <remarks>Derives from DTFx's <see cref="global::DurableTask.Core.Exceptions.OrchestrationAlreadyExistsException"/>
/// rather than <see cref="DurableTaskHostException"/>: <see cref="DurableTaskClient"/>'s contract names that type, so
/// code written for any Durable Task client (the Azure Functions app's triggers among it) catches this one too.</remarks>
public sealed class OrchestrationAlreadyExistsException : global::DurableTask.Core.Exceptions.OrchestrationAlreadyExistsException
{
    public OrchestrationAlreadyExistsException()
    {
    }

    public OrchestrationAlreadyExistsException(string message)
        : base(message)
    {
    }

    public OrchestrationAlreadyExistsException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public OrchestrationAlreadyExistsException(string instanceId, OrchestrationRuntimeStatus status, Exception? innerException = null)
        : base($"An orchestration instance with id '{instanceId}' already exists and is {status}.", innerException)
    {
        InstanceId = instanceId;
        RuntimeStatus = status;
    }

    public string? InstanceId { get; }

    /// <summary>The status of the existing instance.</summary>
    public OrchestrationRuntimeStatus? RuntimeStatus { get; }
}
