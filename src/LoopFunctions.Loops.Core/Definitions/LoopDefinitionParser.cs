using LoopFunctions.Loops.Definitions.Scheduling;
using LoopFunctions.Loops.Plans;
using LoopFunctions.Loops.Workspace;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace LoopFunctions.Loops.Definitions;

/// <summary>
/// Reads a loop file: YAML front matter between <c>---</c> lines, then the Markdown goal. Every key is checked; all
/// problems of a file are reported together, each with its line.
/// </summary>
public static class LoopDefinitionParser
{
    private static readonly string[] RootKeys = ["name", "description", "on", "workspace", "agent", "verify", "ci", "limits", "governance", "outputs", "review", "prices"];

    /// <exception cref="LoopDefinitionException">The file is invalid.</exception>
    public static LoopDefinition Parse(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var end = lines.Length > 0 && lines[0].TrimEnd() == "---" ? Array.FindIndex(lines, 1, l => l.TrimEnd() == "---") : -1;
        if (end < 0)
        {
            throw new LoopDefinitionException([new LoopDefinitionError(path, 1, 1, "a loop file starts with YAML front matter between two '---' lines, followed by the goal in Markdown")]);
        }

        var errors = new LoopFileErrors(path, lineOffset: 1);
        var goal = string.Join('\n', lines[(end + 1)..]).Trim();
        YamlMappingNode root;
        var yaml = string.Join('\n', lines[1..end]);
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            root = stream.Documents.FirstOrDefault()?.RootNode as YamlMappingNode ?? new YamlMappingNode();
        }
        catch (Exception ex) when (ex is YamlException or InvalidOperationException or ArgumentException or IndexOutOfRangeException or FormatException or OverflowException)
        {
            // YamlDotNet throws more than YamlException on some truncated input; one bad file must not stop the others.
            throw new LoopDefinitionException([YamlFailure.Locate(path, yaml, 1, ex)]);
        }

        var top = new YamlSection(errors, root, "", RootKeys);
        if (goal.Length == 0)
        {
            errors.Add(end + 2, 1, "the goal (the Markdown after the front matter) is empty");
        }

        var name = top.String("name") ?? Path.GetFileNameWithoutExtension(path);
        var triggers = TriggerParser.Parse(top, errors);
        var workspaceSection = top.Map("workspace", "repository", "base_branch", "branch", "setup", "setup_network");
        var (repository, baseBranch, branch, setup) = Workspace(workspaceSection);
        var (setupNetwork, setupHosts) = workspaceSection is null ? (default(bool?), (IReadOnlyList<string>)[]) : CodingCliParser.Network(workspaceSection, "workspace.setup_network");
        var onHead = branch == WorkspacePlan.PullRequestHead;
        var limitsSection = top.Map("limits", "max_iterations", "max_tokens", "max_cost_usd", "max_duration", "stall_after", "unpriced", "pool");
        var limits = Limits(limitsSection);
        var agent = AgentParser.Parse(top.Map("agent", AgentParser.Keys), top, limits.StallAfter);
        var checks = CheckParser.Parse(top, errors);
        var ci = top.Map("ci", "wait")?.Duration("wait");
        var (governance, trusted, onPush) = Governance(top.Map("governance", "allow_paths", "protect_paths", "allowed_commands", "approve", "approval_timeout", "trusted_authors", "on_push", "protect_test_machinery", "allow_binaries"), path);
        var outputs = Outputs(top.Map("outputs", "commit", "push", "remote", "pull_request", "publish", "deploy"), onHead, errors);
        var review = ReviewParser.Parse(top.Map("review", ReviewParser.Keys), onHead, checks.FirstOrDefault(c => c.Kind == CheckKind.Judge), agent);
        var prices = PricesParser.Parse(top, errors);
        var costLimitAt = limitsSection?.Get("max_cost_usd") is { } costLimit ? errors.Position(costLimit) : (1, 1);
        var poolAt = limitsSection?.Get("pool") is { } poolNode ? errors.Position(poolNode) : (1, 1);
        if (errors.All.Count > 0)
        {
            throw new LoopDefinitionException(errors.All);
        }

        agent = agent! with { AllowedCommands = governance.AllowedCommands };
        return new LoopDefinition(name, Path.GetFullPath(path), goal, triggers, repository, baseBranch, branch, setup, agent, checks, ci, limits, governance.Plan, trusted, onPush, outputs)
        {
            Review = review,
            Prices = prices,
            CostLimitAt = costLimitAt,
            PoolAt = poolAt,
            SetupNetwork = setupNetwork,
            SetupNetworkHosts = setupHosts,
        };
    }

    private static (string? Repository, string BaseBranch, string Branch, IReadOnlyList<string>? Setup) Workspace(YamlSection? section)
    {
        var branch = section?.String("branch") ?? "loop/{loop}/{instance}";
        if (section is not null && BranchTemplate.Validate(branch) is { } problem)
        {
            section.Error("branch", $"'workspace.branch': {problem}");
        }

        return (section?.String("repository"), section?.String("base_branch") ?? "main", branch, section?.List("setup"));
    }

    private static LimitsPlan Limits(YamlSection? section)
    {
        var limits = new LimitsPlan(
            section?.Int("max_iterations", 10, 1, 1000) ?? 10,
            section?.Long("max_tokens", 1),
            section?.Decimal("max_cost_usd", 0m),
            section?.Duration("max_duration"),
            section?.Int("stall_after", 3, 0, 1000) ?? 3);
        var text = section?.String("unpriced");
        var unpriced = text is null ? UnpricedModels.Refuse : EnumText.Parse<UnpricedModels>(text);
        if (unpriced is null)
        {
            section!.Error("unpriced", $"'limits.unpriced' must be refuse or tokens, not '{text}'");
        }
        else if (unpriced == UnpricedModels.Tokens && limits.MaxTokens is null)
        {
            section!.Error("unpriced", "'limits.unpriced: tokens' budgets models without a price by their tokens: set limits.max_tokens too");
        }

        var pool = section?.String("pool");
        if (pool is not null && !PoolNames.IsValid(pool))
        {
            section!.Error("pool", $"'limits.pool' must name a pool of the host's settings (LoopFunctions:Pools:<name>): {PoolNames.Rule}, not '{pool}'");
            pool = null;
        }

        return limits with { Unpriced = unpriced ?? UnpricedModels.Refuse, Pool = pool };
    }

    private static ((GovernancePlan Plan, IReadOnlyList<string> AllowedCommands), IReadOnlyList<string> Trusted, PushReaction OnPush) Governance(YamlSection? section, string loopFile)
    {
        var allow = section?.List("allow_paths") ?? [];
        var protect = section?.List("protect_paths") ?? [];
        foreach (var (key, globs) in new[] { ("allow_paths", allow), ("protect_paths", protect) })
        {
            foreach (var glob in globs)
            {
                try
                {
                    PathGlob.Parse(glob);
                }
                catch (ArgumentException ex)
                {
                    section!.Error(key, $"'governance.{key}': {ex.Message}");
                }
            }
        }

        var approve = section?.List("approve") ?? [];
        foreach (var step in approve.Where(s => s is not ("push" or "pr" or "publish" or "deploy")))
        {
            section!.Error("approve", $"'governance.approve' lists '{step}'; steps that can wait for approval are push, pr, publish and deploy");
        }

        var onPushText = section?.String("on_push");
        var onPush = onPushText is null ? PushReaction.Raise : EnumText.Parse<PushReaction>(onPushText);
        if (onPush is null)
        {
            section!.Error("on_push", $"'governance.on_push' must be raise or restart, not '{onPushText}'");
        }

        var steps = approve.Select(EnumText.Parse<ApprovalStep>).OfType<ApprovalStep>().ToList();
        var plan = new GovernancePlan(allow, protect, steps, section?.Duration("approval_timeout") ?? TimeSpan.FromDays(3))
        {
            ProtectTestMachinery = section?.Bool("protect_test_machinery", true) ?? true,
            AllowBinaries = section?.Bool("allow_binaries", false) ?? false,
        };
        var trusted = section?.List("trusted_authors") ?? ["OWNER", "MEMBER", "COLLABORATOR"];
        return ((plan, section?.List("allowed_commands") ?? []), trusted, onPush ?? PushReaction.Raise);
    }

    private static OutputsPlan Outputs(YamlSection? section, bool onHead, LoopFileErrors errors)
    {
        var commit = section?.String("commit") ?? "each_iteration";
        if (commit is not ("each_iteration" or "on_success"))
        {
            section!.Error("commit", $"'outputs.commit' must be each_iteration or on_success, not '{commit}'");
        }

        if (onHead && commit == "on_success")
        {
            section!.Error("commit", "'outputs.commit: on_success' squashes the loop's commits, which on a pull request's head would rewrite what may already be pushed; a workspace.branch: head loop keeps each_iteration");
        }

        var pr = section?.Map("pull_request", "title", "body");
        if (pr is not null && onHead)
        {
            section!.Error("pull_request", "'outputs.pull_request' opens a new pull request; a workspace.branch: head loop pushes to the pull request it works on");
        }

        var publish = PublishParser.Parse(section?.Map("publish", PublishParser.Keys));
        var deploy = DeployParser.Parse(section?.Map("deploy", DeployParser.Keys), publish is not null, errors);
        // A loop on a pull request's head delivers by pushing there, unless it says push: false.
        var push = section?.Get("push") is null ? onHead : section.Bool("push", false);
        return new OutputsPlan(EnumText.Parse<CommitMode>(commit) ?? CommitMode.EachIteration, push, section?.String("remote") ?? "origin", pr?.String("title", required: true), pr?.String("body"), publish) { Deploy = deploy };
    }
}
