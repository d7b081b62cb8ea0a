using System.Text.RegularExpressions;

namespace LoopFunctions.DurableTask.Configuration;

/// <summary>Azure Storage's rule for a task hub name (its queues, tables and containers are named after it), which
/// host.json applies to both backends so a host.json moves between them.</summary>
internal static partial class TaskHubNames
{
    public const string Rule = "3 to 45 letters or digits, starting with a letter";

    public static bool IsValid(string? name) => name is not null && Pattern().IsMatch(name);

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,44}$")]
    private static partial Regex Pattern();
}
