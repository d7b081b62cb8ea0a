using System.Text.Json;
using System.Text.Json.Serialization;

namespace LoopFunctions.Durable.AzureStorage;

/// <summary>What a queue message carries: the target, the due time on the store's clock, an order stamp, and the
/// event's JSON or, when it is too large for a queue message, the name of the blob holding it.</summary>
internal sealed record MessageEnvelope
{
    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };
    private static long _lastOrder;

    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("i")]
    public required string InstanceId { get; init; }

    [JsonPropertyName("x")]
    public string? ExecutionId { get; init; }

    /// <summary>UTC ticks on the sending store's clock; null means now.</summary>
    [JsonPropertyName("v")]
    public long? VisibleAt { get; init; }

    /// <summary>A stamp increasing within a process, so an instance's messages are delivered in the order stored.</summary>
    [JsonPropertyName("o")]
    public long Order { get; init; }

    [JsonPropertyName("e")]
    public string? Event { get; init; }

    [JsonPropertyName("b")]
    public string? Blob { get; init; }

    public string Serialize() => JsonSerializer.Serialize(this, Json);

    /// <exception cref="JsonException">Not an envelope.</exception>
    public static MessageEnvelope Deserialize(string text) =>
        JsonSerializer.Deserialize<MessageEnvelope>(text, Json) ?? throw new JsonException("The message is empty.");

    /// <summary>Real UTC ticks, made strictly increasing so two messages sent in one tick keep their order.</summary>
    public static long NextOrder()
    {
        while (true)
        {
            var last = Interlocked.Read(ref _lastOrder);
            var next = Math.Max(last + 1, DateTime.UtcNow.Ticks);
            if (Interlocked.CompareExchange(ref _lastOrder, next, last) == last)
            {
                return next;
            }
        }
    }
}
