using System.Text.Json;
using LoopFunctions.Loops.Orchestration;
using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Triggers.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace LoopFunctions.Triggers.Approvals;

/// <summary>A person's decision on a loop waiting for approval (<c>governance.approve</c>): checked, then raised as
/// the <c>approval</c> event.</summary>
/// <remarks>The event is only raised while the loop waits for it: an event raised earlier would be buffered and
/// decide a later approval nobody has seen yet.</remarks>
public sealed class LoopApprovals(DurableTaskClient client, ILogger<LoopApprovals> logger)
{
    /// <summary>Why <paramref name="payload"/> is not an approval, or null when it is one. An approval must say yes or no
    /// explicitly: a typo must not approve or reject a push by accident.</summary>
    public static string? Validate(JsonElement? payload)
    {
        if (payload is not { ValueKind: JsonValueKind.Object } body
            || !body.TryGetProperty("approved", out var approved)
            || approved.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            return "the approval event needs a JSON body such as {\"approved\": true, \"comment\": \"ship it\", \"by\": \"ana\"}";
        }

        foreach (var property in body.EnumerateObject())
        {
            if (property.Name is not ("approved" or "comment" or "by"))
            {
                return $"the approval event has an unknown field '{property.Name}'; it takes approved, comment and by";
            }

            if (property.Name is "comment" or "by" && property.Value.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
            {
                return $"the approval event's '{property.Name}' must be text";
            }
        }

        return null;
    }

    /// <summary>Raises the decision in <paramref name="body"/> on <paramref name="instanceId"/>: 202 raised, 400 not an
    /// approval, 404 no such run, 410 the run ended, 409 the run is not waiting for an approval.</summary>
    public async Task<TriggerResponse> DecideAsync(string instanceId, ReadOnlyMemory<byte> body, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        var (payload, error) = RequestJson.Parse(body);
        if ((error ?? Validate(payload)) is { } invalid)
        {
            return TriggerResponse.BadRequest(invalid);
        }

        var instance = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, ct).ConfigureAwait(false);
        if (instance is null)
        {
            return TriggerResponse.NotFound($"no loop run with id '{instanceId}'");
        }

        if (instance.IsCompleted)
        {
            return TriggerResponse.Error(410, $"instance {instanceId} is {instance.RuntimeStatus}; it can no longer take an approval");
        }

        if (ReadStatus(instance) is not { Phase: LoopPhase.AwaitingApproval })
        {
            return TriggerResponse.Error(409, $"instance {instanceId} is not waiting for an approval");
        }

        var element = payload!.Value;
        var decision = new ApprovalDecision(
            element.GetProperty("approved").GetBoolean(),
            element.TryGetProperty("comment", out var comment) ? comment.GetString() : null,
            element.TryGetProperty("by", out var by) ? by.GetString() : null);
        await client.RaiseEventAsync(instanceId, LoopActivityNames.ApprovalEvent, decision, ct).ConfigureAwait(false);
        logger.EventRaised(LoopActivityNames.ApprovalEvent, instanceId, decision.Approved ? "approved" : "rejected");
        return new TriggerResponse(202, new { id = instanceId, approved = decision.Approved });
    }

    private static LoopStatus? ReadStatus(OrchestrationMetadata instance)
    {
        try
        {
            return instance.SerializedCustomStatus is null ? null : instance.ReadCustomStatusAs<LoopStatus>();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
