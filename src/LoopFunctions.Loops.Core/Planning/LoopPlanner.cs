using LoopFunctions.Loops.Agents.Pricing;
using LoopFunctions.Loops.Definitions;
using LoopFunctions.Loops.Errors;
using LoopFunctions.Loops.Orchestration;
using LoopFunctions.Loops.Plans;

namespace LoopFunctions.Loops.Planning;

/// <summary>Turns a definition and a start request into the plan a run records: the repository chosen, the branch
/// rendered, paths made absolute, prices looked up (the loop file's <c>prices:</c> over the host's table) and recorded
/// with whether each model has one.</summary>
public static class LoopPlanner
{
    /// <param name="definition">The loop.</param>
    /// <param name="request">The start request (its repository overrides the file's).</param>
    /// <param name="instanceId">The run's instance id, for the branch name.</param>
    /// <param name="workRoot">Where clones live.</param>
    /// <param name="prices">The host's price table.</param>
    /// <param name="now">The orchestration's start time, for {date}.</param>
    /// <exception cref="LoopFunctionsException">No repository is given anywhere.</exception>
    /// <exception cref="LoopDefinitionException">A cost limit is set and a model the loop may call has no price (see
    /// <see cref="LoopPricing"/>): the run is refused before it spends anything.</exception>
    public static LoopPlan Plan(LoopDefinition definition, LoopRunRequest request, string instanceId, string workRoot, PriceTable prices, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(prices);
        LoopPricing.Check(definition, prices);
        prices = LoopPricing.Table(definition, prices);
        var loopDir = Path.GetDirectoryName(definition.SourcePath)!;
        var repository = request.Repository ?? definition.Repository
            ?? throw new LoopFunctionsException($"Loop '{definition.Name}' names no workspace.repository; give one in {definition.SourcePath} or at start (--repo).");
        if (!Workspace.RepositoryAddress.IsRemote(repository))
        {
            repository = Path.GetFullPath(repository, loopDir);
        }

        var agent = PricedAgent(definition.Agent, prices, loopDir);
        agent = agent with
        {
            Escalation = agent.Escalation is { } ladder
                ? ladder with { Models = ladder.Models.Select(m => Priced(m.Model, prices)).ToList() }
                : null,
            Attempts = [.. agent.Attempts.Select(a => a.Agent is { } own ? a with { Agent = PricedAgent(own, prices, loopDir) } : a)],
        };
        var followUp = BranchTemplate.Render("loop/{loop}/{instance}", definition.Name, instanceId, now, request.PullRequest);
        var onHead = definition.OnPullRequestHead;
        // On a pull request's head the branch is the head's, known once the pull request is loaded.
        var branch = onHead ? followUp : BranchTemplate.Render(definition.BranchTemplate, definition.Name, instanceId, now, request.PullRequest);
        var protect = definition.Governance.ProtectPaths;
        var review = definition.Review is { Model: { } reviewModel } reviewer
            ? prices.TryGetPrice(reviewModel, out var reviewPrice)
                ? reviewer with { InputPricePerMillion = reviewPrice.InputPerMillion, OutputPricePerMillion = reviewPrice.OutputPerMillion, Priced = true }
                : reviewer with { Priced = false }
            : definition.Review;
        review = review is { Command: { } reviewCommand } ? review with { Command = reviewCommand.Select(a => a.Replace("{loop_dir}", loopDir, StringComparison.Ordinal)).ToList() } : review;
        var deploy = definition.Outputs.Deploy is { } deployment ? deployment with
        {
            Command = deployment.Command?.Select(a => a.Replace("{loop_dir}", loopDir, StringComparison.Ordinal)).ToList(),
            Rollback = deployment.Rollback?.Select(a => a.Replace("{loop_dir}", loopDir, StringComparison.Ordinal)).ToList(),
            Checks = deployment.Checks.Select(c => c with { Command = c.Command?.Select(a => a.Replace("{loop_dir}", loopDir, StringComparison.Ordinal)).ToList() }).ToList(),
        } : null;
        var workspace = new WorkspacePlan(repository, definition.BaseBranch, branch, workRoot, definition.Setup)
        {
            OnPullRequestHead = onHead,
            FollowUpBranch = onHead ? followUp : null,
            SetupNetwork = definition.SetupNetwork,
            SetupNetworkHosts = definition.SetupNetworkHosts,
            SetupSandbox = agent.Sandbox == SandboxMode.None ? null : SetupSandboxPlan.For(definition.SetupNetwork, definition.SetupNetworkHosts, agent),
        };
        return new LoopPlan(
            definition.Name,
            definition.SourcePath,
            definition.Goal,
            workspace,
            agent,
            definition.Checks.Select(c => c with { Command = c.Command?.Select(a => a.Replace("{loop_dir}", loopDir, StringComparison.Ordinal)).ToList() }).ToList(),
            definition.Limits,
            definition.Governance with { ProtectPaths = protect },
            definition.Outputs with
            {
                Publish = definition.Outputs.Publish is { } publish ? publish with { Prefix = PublishParser.RenderPrefix(publish.Prefix, definition.Name, instanceId, now) } : null,
                Deploy = deploy,
            },
            definition.CiWait)
        {
            Review = review,
            PullRequest = onHead ? PullRequestTargets.Resolve(definition, request, repository) : null,
        };
    }

    /// <summary>The agent (or one attempt's) with its model's prices and <c>{loop_dir}</c> in its command.</summary>
    private static AgentPlan PricedAgent(AgentPlan agent, PriceTable prices, string loopDir)
    {
        var price = prices.TryGetPrice(agent.Model, out var p) ? p : null;
        return agent with
        {
            Command = agent.Command?.Select(a => a.Replace("{loop_dir}", loopDir, StringComparison.Ordinal)).ToList(),
            InputPricePerMillion = price?.InputPerMillion ?? 0m,
            OutputPricePerMillion = price?.OutputPerMillion ?? 0m,
            CachedInputPricePerMillion = price?.CachedInputPerMillion,
            Priced = price is not null,
        };
    }

    private static ModelChoice Priced(string model, PriceTable prices) => prices.TryGetPrice(model, out var price)
        ? new ModelChoice(model, price.InputPerMillion, price.OutputPerMillion) { CachedInputPricePerMillion = price.CachedInputPerMillion, Priced = true }
        : new ModelChoice(model) { Priced = false };
}
