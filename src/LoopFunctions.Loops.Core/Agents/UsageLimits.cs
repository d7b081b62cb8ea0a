using System.Globalization;
using LoopFunctions.Loops.Errors;

namespace LoopFunctions.Loops.Agents;

/// <summary>
/// What an agent's reported usage may be. A count or cost outside these bounds cannot be true and, counted, would
/// corrupt the budgets (a negative count is subtracted from the spend; an overflowing one wraps): the step fails
/// instead, and is not retried, since the same agent would report the same.
/// </summary>
public static class UsageLimits
{
    /// <summary>Tokens in one step at most: a trillion, far beyond any real step.</summary>
    public const decimal MaxTokens = 1_000_000_000_000m;

    /// <summary>USD in one step at most.</summary>
    public const decimal MaxCostUsd = 1_000_000m;

    /// <exception cref="StepRejectedException">The result reports usage that cannot be true.</exception>
    public static void Validate(AgentResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        string? problem = result.UsageProblem;
        if (problem is null && (result.Usage.InputTokens is < 0 or > (long)MaxTokens || result.Usage.OutputTokens is < 0 or > (long)MaxTokens))
        {
            problem = string.Create(CultureInfo.InvariantCulture, $"{result.Usage.InputTokens} input and {result.Usage.OutputTokens} output tokens; counts must be whole numbers from 0 to {MaxTokens:N0}");
        }

        if (problem is null && result.CostUsd is < 0 or > MaxCostUsd)
        {
            problem = string.Create(CultureInfo.InvariantCulture, $"a cost of {result.CostUsd} USD; it must be from 0 to {MaxCostUsd:N0}");
        }

        if (problem is not null)
        {
            throw new StepRejectedException($"the agent reported invalid usage ({problem}); it is not counted, and the step fails so the budgets stay true");
        }
    }
}
