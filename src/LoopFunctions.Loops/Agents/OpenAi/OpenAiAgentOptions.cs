namespace LoopFunctions.Loops.Agents.OpenAi;

/// <summary>Settings of <see cref="OpenAiAgent"/>.</summary>
/// <param name="Endpoint">For Azure, the resource endpoint (<c>https://NAME.openai.azure.com/</c>). Otherwise the API
/// base URL including its version segment (<c>https://api.openai.com/v1</c>, <c>http://localhost:11434/v1</c>);
/// null means api.openai.com.</param>
/// <param name="ApiKey">API key (sent as <c>api-key</c> to Azure, as a bearer token otherwise).</param>
/// <param name="Model">Model name, or the deployment name on Azure. Also the key into the price table.</param>
/// <param name="IsAzure">True for Azure OpenAI routes and authentication.</param>
/// <param name="Temperature">Sampling temperature; null leaves the server default (some reasoning models reject any
/// other value).</param>
/// <param name="MaxOutputTokens">Cap on output tokens per model call. A request's own cap, when smaller, wins.</param>
/// <param name="MaxToolCalls">Cap on tool calls per agent step. A request's own cap, when smaller, wins.</param>
public sealed record OpenAiAgentOptions(
    Uri? Endpoint,
    string ApiKey,
    string Model,
    bool IsAzure,
    float? Temperature,
    int MaxOutputTokens,
    int MaxToolCalls)
{
    /// <summary>Longest a single <c>run_command</c> may take (also bounded by the request's remaining time).</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Retries of a call answered with 408/429/5xx or a network error.</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>First backoff delay when the server gives no <c>retry-after-ms</c>/<c>retry-after</c>; doubles per try.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(0.8);

    /// <summary>Characters kept from the end of a command's stdout and stderr, each.</summary>
    public int CommandOutputCap { get; init; } = 16 * 1024;
}
