using System.Globalization;
using LoopFunctions.Cli.Terminal;
using LoopFunctions.Loops.Orchestration;

namespace LoopFunctions.Cli;

/// <summary>Progress of a loop run as plain lines: one line each time the custom status changes.</summary>
internal sealed class ProgressPrinter(TextWriter output) : IRunProgress
{
    private string? _last;

    public void Show(LoopStatus status)
    {
        var line = Format(status);
        if (line != _last)
        {
            output.WriteLine(line);
            _last = line;
        }
    }

    public void Note(string line) => output.WriteLine(line);

    public static string Format(LoopStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var parts = new List<string>
        {
            status.Iteration == 0 ? status.Phase.ToString().ToLowerInvariant() : $"iteration {status.Iteration} · {status.Phase.ToString().ToLowerInvariant()}",
        };
        if (status.LastAgentError is { } agentError)
        {
            parts.Add("agent error: " + (agentError.Length > 160 ? agentError[..160] + "..." : agentError));
        }

        if (status.LastVerification is { } verification)
        {
            parts.Add(verification);
        }

        parts.Add(string.Create(CultureInfo.InvariantCulture, $"{status.Spent.TotalTokens:N0} tokens · {status.Spent.CostText()}"));
        parts.Add("left: " + Left(status.BudgetLeft));
        return string.Join(" · ", parts);
    }

    /// <summary>What the budget has left, as in <c>3 iter, 12,000 tok, $0.50, 9m30s</c>.</summary>
    internal static string Left(BudgetLeft left)
    {
        var parts = new List<string> { $"{left.Iterations} iter" };
        if (left.Tokens is { } tokens)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{tokens:N0} tok"));
        }

        if (left.CostUsd is { } cost)
        {
            parts.Add(Loops.Definitions.DurationText.Usd(cost));
        }

        if (left.Time is { } time)
        {
            parts.Add(Loops.Definitions.DurationText.Elapsed(time));
        }

        return string.Join(", ", parts);
    }
}
