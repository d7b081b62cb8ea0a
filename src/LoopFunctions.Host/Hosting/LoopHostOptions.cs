using LoopFunctions.Triggers;

namespace LoopFunctions.Host.Hosting;

/// <summary>The host's own settings, from the <c>LoopFunctions</c> configuration section (local.settings.json
/// <c>Values</c> such as <c>"LoopFunctions:Keys": "k1,k2"</c>, or environment variables such as <c>LoopFunctions__Keys</c>).</summary>
public sealed class LoopHostOptions
{
    /// <summary>The trigger settings shared with the Azure Functions app (loops folder, webhook secrets, past-due
    /// policy).</summary>
    public TriggerOptions Triggers { get; init; } = new();

    /// <summary>Function keys accepted in the <c>x-functions-key</c> header or the <c>code</c> query parameter by the
    /// starters, the management API and the dashboard. Default none, which limits the host to loopback addresses.</summary>
    public IList<string> Keys { get; } = [];

    /// <summary>Where loop workspaces (clones) live. Default <c>workspaces</c> beside the SQLite store file, or
    /// <c>.loopfunctions/workspaces</c> under the content root for other stores.</summary>
    public string? WorkRoot { get; set; }

    /// <summary>The largest request body accepted, in bytes; larger ones get 413. Default 1 MiB (GitHub sends at most 25 MB,
    /// but loop-relevant payloads are far smaller).</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>The <c>Retry-After</c> seconds in 202 status responses. Default 5.</summary>
    public int RetryAfterSeconds { get; set; } = 5;
}
