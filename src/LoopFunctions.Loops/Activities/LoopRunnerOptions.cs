using LoopFunctions.Loops.Agents.Pricing;

namespace LoopFunctions.Loops.Activities;

/// <summary>Where loop runs keep their clones and what models cost.</summary>
public sealed class LoopRunnerOptions
{
    /// <summary>Where clones live; under the store's folder so a restarted process finds them. Default
    /// <c>.loopfunctions/workspaces</c> in the current directory.</summary>
    public string WorkRoot { get; set; } = Path.GetFullPath(".loopfunctions/workspaces");

    /// <summary>Prices per model; defaults plus any overrides from configuration.</summary>
    public PriceTable Prices { get; set; } = new();
}
