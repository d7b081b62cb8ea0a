using LoopFunctions.Loops.Plans;
using YamlDotNet.RepresentationModel;

namespace LoopFunctions.Loops.Definitions;

/// <summary>Reads <c>outputs.deploy</c>: a command or the built-in publish, the post-deploy checks and the rollback.</summary>
internal static class DeployParser
{
    public static readonly string[] Keys = ["command", "publish", "url", "checks", "rollback", "timeout", "env"];

    private static readonly string[] CheckKeys = ["name", "http", "status", "contains", "max_latency", "command", "timeout", "retries", "retry_delay"];

    public static DeployPlan? Parse(YamlSection? section, bool hasPublish, LoopFileErrors errors)
    {
        if (section is null)
        {
            return null;
        }

        var command = section.List("command");
        var publish = section.Bool("publish", false);
        if ((command is { Count: > 0 }) == publish)
        {
            section.Error(publish ? "publish" : "command", "'outputs.deploy' needs exactly one of command (a deployment command, run in a clean checkout of the verified commit) or publish: true (the built-in outputs.publish upload)");
        }
        else if (publish && !hasPublish)
        {
            section.Error("publish", "'outputs.deploy.publish: true' deploys with outputs.publish; add an outputs.publish mapping (folder, container)");
        }

        var url = section.String("url");
        if (url is not null && !Uri.TryCreate(url.Replace("{instance}", "i", StringComparison.Ordinal).Replace("{loop}", "l", StringComparison.Ordinal).Replace("{commit}", "c", StringComparison.Ordinal), UriKind.Absolute, out _))
        {
            section.Error("url", $"'outputs.deploy.url' must be an absolute URL (placeholders {{loop}}, {{instance}}, {{commit}}), not '{url}'");
        }

        var rollback = RollbackOf(section, publish);
        var environment = section.List("env") ?? [];
        foreach (var name in environment.Where(n => !EnvironmentNames.IsValid(n)))
        {
            section.Error("env", $"'outputs.deploy.env' lists '{name}', which is not an environment variable name");
        }

        var checks = Checks(section, errors, url is not null || publish);
        return new DeployPlan(
            publish ? DeployKind.Publish : DeployKind.Command,
            publish ? null : command,
            url,
            checks,
            rollback is ["withdraw"] ? null : rollback,
            rollback is ["withdraw"],
            section.Duration("timeout", DurationParser.MaxTimeout) ?? TimeSpan.FromMinutes(10),
            environment);
    }

    private static IReadOnlyList<string>? RollbackOf(YamlSection section, bool publish)
    {
        var rollback = section.List("rollback");
        if (rollback is ["withdraw"] && !publish)
        {
            section.Error("rollback", "'outputs.deploy.rollback: withdraw' applies to publish deployments only; give a command for a command deployment");
        }

        return rollback is { Count: > 0 } ? rollback : null;
    }

    private static List<DeployCheckPlan> Checks(YamlSection section, LoopFileErrors errors, bool hasUrl)
    {
        var checks = new List<DeployCheckPlan>();
        switch (section.Get("checks"))
        {
            case null:
                return checks;
            case YamlSequenceNode sequence:
                var index = 0;
                foreach (var item in sequence)
                {
                    index++;
                    if (item is not YamlMappingNode mapping)
                    {
                        errors.Add(item, $"'outputs.deploy.checks' item {index} must be a mapping such as '- http: \"{{url}}/health\"'");
                        continue;
                    }

                    if (Check(new YamlSection(errors, mapping, $"outputs.deploy.checks[{index}]", CheckKeys), index, hasUrl) is { } check)
                    {
                        checks.Add(check);
                    }
                }

                if (checks.Select(c => c.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count() != checks.Count)
                {
                    section.Error("checks", "'outputs.deploy.checks' has two checks with the same name; give them distinct names");
                }

                return checks;
            default:
                section.Error("checks", "'outputs.deploy.checks' must be a list of checks");
                return checks;
        }
    }

    private static DeployCheckPlan? Check(YamlSection check, int index, bool hasUrl)
    {
        var http = check.String("http");
        var command = check.List("command");
        var where = $"outputs.deploy.checks[{index}]";
        if ((http is null) == (command is not { Count: > 0 }))
        {
            check.Error(http is null ? "name" : "command", $"'{where}' must have exactly one of http (a URL) or command");
            return null;
        }

        if (http is not null && http.Contains("{url}", StringComparison.Ordinal) && !hasUrl)
        {
            check.Error("http", $"'{where}.http' uses {{url}}, but outputs.deploy has no url");
        }

        var status = check.Int("status", 200, 100, 599);
        var retries = check.Int("retries", 0, 0, 100);
        var timeout = check.Duration("timeout", DurationParser.MaxTimeout) ?? TimeSpan.FromSeconds(30);
        var delay = check.Duration("retry_delay", DurationParser.MaxTimeout) ?? TimeSpan.FromSeconds(2);
        var name = check.String("name") ?? (http is not null ? "http" : "command") + index.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (http is null && (check.Get("status") ?? check.Get("contains") ?? check.Get("max_latency")) is not null)
        {
            check.Error("command", $"'{where}': status, contains and max_latency apply to http checks");
        }

        return new DeployCheckPlan(name, http is null ? DeployCheckKind.Command : DeployCheckKind.Http, http, status, check.String("contains"), check.Duration("max_latency", DurationParser.MaxTimeout), command, timeout, retries, delay);
    }
}
