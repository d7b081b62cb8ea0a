using LoopFunctions.Loops.Plans;
using YamlDotNet.RepresentationModel;

namespace LoopFunctions.Loops.Definitions;

/// <summary>Reads <c>verify:</c> — a list of checks, each exactly one of <c>command</c>, <c>tests</c> or <c>judge</c>.</summary>
internal static class CheckParser
{
    private static readonly string[] Keys = ["name", "command", "tests", "report", "format", "judge", "threshold", "model", "endpoint", "api_key_env", "timeout", "retries", "quorum", "env", "network"];

    public static IReadOnlyList<CheckPlan> Parse(YamlSection top, LoopFileErrors errors)
    {
        switch (top.Get("verify"))
        {
            case null:
                top.Error("verify", "'verify' is required: at least one check, e.g. - command: [make, test]");
                return [];
            case YamlSequenceNode sequence:
                var checks = new List<CheckPlan>();
                var index = 0;
                foreach (var item in sequence)
                {
                    index++;
                    if (item is not YamlMappingNode mapping)
                    {
                        errors.Add(item, $"'verify' item {index} must be a mapping such as '- command: [make, test]'");
                        continue;
                    }

                    if (Check(new YamlSection(errors, mapping, $"verify[{index}]", Keys), index) is { } check)
                    {
                        checks.Add(check);
                    }
                }

                if (checks.Select(c => c.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count() != checks.Count)
                {
                    top.Error("verify", "'verify' has two checks with the same name; give them distinct names");
                }

                return checks;
            default:
                top.Error("verify", "'verify' must be a list of checks");
                return [];
        }
    }

    private static CheckPlan? Check(YamlSection check, int index)
    {
        var kinds = new[] { "command", "tests", "judge" }.Where(k => check.Get(k) is not null).ToList();
        if (kinds.Count != 1)
        {
            check.Error(kinds.Count == 0 ? "name" : kinds[1], $"'verify[{index}]' must have exactly one of command, tests or judge");
            return null;
        }

        var kind = kinds[0];
        var name = check.String("name") ?? (kind == "judge" ? "judge" : kind + (index > 1 ? index.ToString(System.Globalization.CultureInfo.InvariantCulture) : ""));
        var retries = check.Int("retries", 0, 0, 20);
        var quorum = check.Int("quorum", 1, 1, 21);
        if (quorum > retries + 1)
        {
            check.Error("quorum", $"'verify[{index}].quorum' ({quorum}) cannot be more than the runs allowed (1 + retries = {retries + 1})");
        }

        var format = check.String("format");
        if (format is not null and not ("trx" or "junit" or "auto"))
        {
            check.Error("format", $"'verify[{index}].format' must be trx, junit or auto, not '{format}'");
        }

        var timeout = check.Duration("timeout", DurationParser.MaxTimeout) ?? TimeSpan.FromMinutes(10);
        var environment = check.List("env");
        foreach (var variable in (environment ?? []).Where(n => !EnvironmentNames.IsValid(n)))
        {
            check.Error("env", $"'verify[{index}].env' lists '{variable}', which is not an environment variable name");
        }

        var (network, hosts) = CodingCliParser.Network(check, $"verify[{index}].network");
        var plan = kind switch
        {
            "judge" => new CheckPlan(name, CheckKind.Judge, null, timeout, retries, quorum, Rubric: check.String("judge"), Threshold: check.Double("threshold", 0, 1) ?? 0.7, Model: check.String("model"), Endpoint: check.String("endpoint"), ApiKeySetting: check.String("api_key_env")),
            "tests" => new CheckPlan(name, CheckKind.Tests, check.List("tests"), timeout, retries, quorum, check.String("report") ?? "**/*.trx", format ?? "auto", Environment: environment),
            _ => new CheckPlan(name, CheckKind.Command, check.List("command"), timeout, retries, quorum, Environment: environment),
        };
        return plan with { Network = network ?? false, NetworkHosts = hosts };
    }
}
