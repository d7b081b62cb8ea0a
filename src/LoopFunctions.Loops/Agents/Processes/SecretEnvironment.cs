namespace LoopFunctions.Loops.Agents.Processes;

/// <summary>
/// Keeps the host's secrets out of the processes a loop runs (agent tools, checks, external agents): code the agent
/// wrote runs there, and it must not be able to read the model key or the storage connection string.
/// A loop that needs a variable passes it explicitly (e.g. <c>agent.env</c>), which is applied after scrubbing.
/// </summary>
public static class SecretEnvironment
{
    private static readonly string[] SecretMarkers = ["KEY", "TOKEN", "SECRET", "PASSWORD", "PASSWD", "CONNECTIONSTRING", "CONNECTION_STRING", "CREDENTIAL"];

    private static readonly string[] SecretNames = ["AzureWebJobsStorage"];

    /// <summary>True for names that hold secrets by convention (<c>OPENAI_API_KEY</c>, <c>GITHUB_TOKEN</c>...).</summary>
    public static bool IsSecretName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var upper = name.ToUpperInvariant();
        return SecretNames.Contains(name, StringComparer.OrdinalIgnoreCase) || SecretMarkers.Any(m => upper.Contains(m, StringComparison.Ordinal));
    }

    public static void Scrub(IDictionary<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        foreach (var name in environment.Keys.Where(IsSecretName).ToList())
        {
            environment.Remove(name);
        }
    }
}
