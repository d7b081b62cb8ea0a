using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using LoopFunctions.Durable.History;
using LoopFunctions.Durable.Storage;

namespace LoopFunctions.Durable.AzureStorage;

/// <summary>Writing and reading queue messages, and routing an episode's messages to their instances.</summary>
public sealed partial class AzureStorageDurableStore
{
    /// <summary>Messages never expire on their own (the queue default is 7 days, shorter than a long timer).</summary>
    private static readonly TimeSpan NoExpiry = TimeSpan.FromSeconds(-1);

    private Task SendControlAsync(TaskMessage message, CancellationToken cancellationToken) =>
        SendAsync(ControlQueueFor(message.InstanceId), message, cancellationToken);

    private async Task SendAsync(QueueClient queue, TaskMessage message, CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid().ToString("N");
        var json = HistoryJson.Serialize(message.Event);
        var envelope = new MessageEnvelope
        {
            Id = id,
            InstanceId = message.InstanceId,
            ExecutionId = message.ExecutionId,
            VisibleAt = message.VisibleAt?.Ticks,
            Order = MessageEnvelope.NextOrder(),
            Event = json,
        };
        var text = envelope.Serialize();
        if (Encoding.UTF8.GetByteCount(text) > LargePayloads.MaxQueueBytes)
        {
            var blob = $"{TableKeys.Escape(message.InstanceId)}/messages/{id}";
            await _large.UploadAsync(blob, json, cancellationToken).ConfigureAwait(false);
            text = (envelope with { Event = null, Blob = blob }).Serialize();
        }

        await queue.SendMessageAsync(text, DelayUntil(message.VisibleAt), NoExpiry, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>How long to hide a message due at <paramref name="visibleAt"/>: rounded down to whole seconds (the
    /// queue's unit) so it is never late, and capped; the reader holds back or re-defers one that shows up early.</summary>
    private TimeSpan DelayUntil(DateTime? visibleAt)
    {
        if (visibleAt is not { } due)
        {
            return TimeSpan.Zero;
        }

        var seconds = Math.Floor((due - Now).TotalSeconds);
        return seconds <= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(Math.Min(seconds, _options.MaxMessageDeferral.TotalSeconds));
    }

    /// <summary>Reads a message; a message whose event cannot be decoded comes back with the error instead.</summary>
    private async Task<(MessageEnvelope? Envelope, TaskMessage? Message, string? Error)> DecodeAsync(QueueMessage raw, CancellationToken cancellationToken)
    {
        MessageEnvelope envelope;
        try
        {
            envelope = MessageEnvelope.Deserialize(raw.Body.ToString());
        }
        catch (JsonException ex)
        {
            return (null, null, $"message {raw.MessageId}: {ex.Message}");
        }

        try
        {
            var json = envelope.Event ?? await _large.DownloadAsync(envelope.Blob!, cancellationToken).ConfigureAwait(false);
            var message = new TaskMessage(envelope.InstanceId, envelope.ExecutionId, HistoryJson.Deserialize(json),
                envelope.VisibleAt is { } v ? InstanceRows.Ticks(v) : null);
            return (envelope, message, null);
        }
        catch (Exception ex) when (ex is PayloadFormatException || AzureErrors.IsStatus(ex, 404))
        {
            return (envelope, null, $"message {raw.MessageId}: {ex.Message}");
        }
    }

    /// <summary>Delivers a checkpoint's message. Sub-orchestration starts create the child's row here, with an
    /// execution id derived from the parent's task, so that repeating the episode after a crash finds the child it
    /// created the first time instead of reporting a conflict.</summary>
    private async Task RouteAsync(TaskMessage message, string fromInstanceId, CancellationToken cancellationToken)
    {
        if (message.Event is not ExecutionStartedEvent started || message.InstanceId == fromInstanceId)
        {
            // Events for instances that do not exist are dropped by the receiver, as Durable Functions does.
            await SendControlAsync(message, cancellationToken).ConfigureAwait(false);
            return;
        }

        var executionId = message.ExecutionId ?? (started.ParentInstance is { } p
            ? DerivedExecutionId(p.InstanceId, p.ExecutionId, p.TaskScheduledId)
            : Guid.NewGuid().ToString("N"));
        var existing = await ReadRowAsync(message.InstanceId, cancellationToken).ConfigureAwait(false);
        if (existing is not null && InstanceRows.ExecutionOf(existing) == executionId)
        {
            await SendControlAsync(message with { ExecutionId = executionId }, cancellationToken).ConfigureAwait(false);
            return;
        }

        var status = existing is null ? (OrchestrationRuntimeStatus?)null : InstanceRows.StatusOf(existing);
        if (status is { } live && !live.IsTerminal() && started.ParentInstance is not null)
        {
            await SendControlAsync(SubOrchestrationConflict.Create(message, live, Now), cancellationToken).ConfigureAwait(false);
            return;
        }

        await CreateOrReplaceAsync(message, executionId, existing, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes the instance row, then its start message. A crash between the two leaves a Pending row
    /// without a message (the client sees the failure and may start it again); never a message without a row.</summary>
    /// <exception cref="RequestFailedException">409/412: another writer changed the row meanwhile.</exception>
    private async Task CreateOrReplaceAsync(TaskMessage message, string executionId, TableEntity? existing, CancellationToken cancellationToken)
    {
        var started = (ExecutionStartedEvent)message.Event;
        var row = InstanceRows.New(message.InstanceId, executionId, started, message.VisibleAt);
        await InstanceRows.SetTextAsync(_large, row, InstanceRows.Input, started.Input, cancellationToken).ConfigureAwait(false);
        if (existing is null)
        {
            await _instances.AddEntityAsync(row, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await _instances.UpdateEntityAsync(row, existing.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        }

        await SendControlAsync(message with { ExecutionId = executionId }, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            await DeleteHistoryAsync(message.InstanceId, keepExecution: executionId, cancellationToken).ConfigureAwait(false);
        }

        _signal.Signal(WorkKind.Orchestration);
    }

    private async Task<TableEntity?> ReadRowAsync(string instanceId, CancellationToken cancellationToken)
    {
        var response = await _instances.GetEntityIfExistsAsync<TableEntity>(TableKeys.Escape(instanceId), "", cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue ? response.Value : null;
    }

    private static string DerivedExecutionId(string parentId, string parentExecutionId, int taskId)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes($"{parentId}\n{parentExecutionId}\n{taskId}"));
        return Convert.ToHexStringLower(bytes.AsSpan(0, 16));
    }
}
