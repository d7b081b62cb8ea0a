using Microsoft.DurableTask;
using Microsoft.DurableTask.Converters;

namespace LoopFunctions.DurableTask.Hosting;

/// <summary>Settings shared by the worker and the client, whatever the backend. Validated when the host starts (or
/// when first resolved outside a host).</summary>
public sealed class DurableEngineOptions
{
    /// <summary>The default of <see cref="MaxPayloadBytes"/>: 16 MiB, the SQLite store's own limit.</summary>
    public const int DefaultMaxPayloadBytes = 16 * 1024 * 1024;

    /// <summary>Serializes inputs, outputs, events and custom status, in the worker's shims and in the client alike.
    /// Default <see cref="JsonDataConverter.Default"/> (System.Text.Json, as the isolated worker).</summary>
    public DataConverter DataConverter { get; set; } = JsonDataConverter.Default;

    /// <summary>The largest serialized input, event payload or termination output the client sends, in UTF-8 bytes;
    /// a larger one is refused with <see cref="PayloadTooLargeException"/> before anything is stored. Default 16 MiB.</summary>
    public int MaxPayloadBytes { get; set; } = DefaultMaxPayloadBytes;

    /// <summary>Whether the history keeps the input of every activity and sub-orchestration it schedules (DTFx's
    /// <c>IncludeParameters</c>). Default <see langword="true"/>: the management API's history and the dashboard can
    /// then show what each step was asked to do. Durable Functions leaves them out; turn this off to keep histories
    /// smaller when inputs are large.</summary>
    public bool HistoryIncludesTaskInputs { get; set; } = true;

    /// <summary>The longest the client waits between two status reads while it waits for an instance to start or
    /// finish on a backend that cannot wait by itself (it starts at 10 ms and doubles). Default 1 s.</summary>
    public TimeSpan MaxStatusPollingInterval { get; set; } = TimeSpan.FromSeconds(1);
}
