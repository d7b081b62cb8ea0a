using LoopFunctions.Loops.Agents.Pricing;
using LoopFunctions.Triggers;

namespace LoopFunctions.Host.Hosting;

/// <summary>The host's own settings, from the <c>LoopFunctions</c> configuration section (local.settings.json
/// <c>Values</c> such as <c>"LoopFunctions:Keys": "k1,k2"</c>, or environment variables such as <c>LoopFunctions__Keys</c>).</summary>
public sealed class LoopHostOptions
{
    /// <summary>The configuration section of these options (and of <see cref="TriggerOptions"/> and the loop
    /// runner's).</summary>
    public const string Section = "LoopFunctions";

    /// <summary>The trigger settings shared with the Azure Functions app (loops folder, webhook secrets, past-due
    /// policy).</summary>
    public TriggerOptions Triggers { get; init; } = new();

    /// <summary>Function keys accepted in the <c>x-functions-key</c> header or the <c>code</c> query parameter by the
    /// starters, the management API and the dashboard (<c>LoopFunctions:Keys</c>: a comma-separated list, or
    /// <c>LoopFunctions:Keys:0</c>, <c>:1</c>, ...); each at least 16 characters. Default none, which limits the host to
    /// loopback addresses.</summary>
    public IList<string> Keys { get; } = [];

    /// <summary>Where loop workspaces (clones) live (<c>LoopFunctions:WorkRoot</c>, relative to the content root).
    /// Default <c>workspaces</c> beside the SQLite store file, or <c>.loopfunctions/workspaces</c> under the content
    /// root for other stores.</summary>
    public string? WorkRoot { get; set; }

    /// <summary>The largest request body accepted, in bytes (<c>LoopFunctions:MaxRequestBodyBytes</c>, at least 1024);
    /// larger ones get 413. Default 1 MiB (GitHub sends at most 25 MB, but loop-relevant payloads are far smaller).</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>The keyless listener for Durable Functions' client libraries (<c>LoopFunctions:RpcUrl</c>; their <c>rpcBaseUrl</c> is this URL with
    /// <c>/durabletask/</c>), e.g. <c>http://127.0.0.1:17071</c>, Durable Functions' own address. It must be a loopback
    /// address (<c>127.x.x.x</c>, <c>[::1]</c> or <c>localhost</c>); port 0 picks a free port. Default none: off, since
    /// several hosts on one machine would contend for one port.</summary>
    public string? RpcUrl { get; set; }

    /// <summary>The <c>Retry-After</c> seconds in 202 status responses (<c>LoopFunctions:RetryAfterSeconds</c>, 1 to
    /// 3600). Default 5, as in Durable Functions (starts
    /// answer 10, as it does).</summary>
    public int RetryAfterSeconds { get; set; } = 5;

    /// <summary>The prices runs are planned and budgeted with: the shipped table with
    /// <c>LoopFunctions:Prices:&lt;model&gt;:{input,output,cached_input}</c> (USD per million tokens) on top.</summary>
    public PriceTable Prices { get; set; } = new();
}
