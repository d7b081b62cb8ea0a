using LoopFunctions.Loops.Definitions.Scheduling;
using YamlDotNet.RepresentationModel;

namespace LoopFunctions.Loops.Definitions;

/// <summary>Reads <c>on:</c> — <c>manual</c>, a <c>schedule</c>, <c>github</c> events, a <c>webhook</c>.</summary>
internal static class TriggerParser
{
    private static readonly string[] GitHubEvents = ["pull_request", "push", "issues", "issue_comment", "check_suite", "deployment_status"];

    public static IReadOnlyList<TriggerSpec> Parse(YamlSection top, LoopFileErrors errors)
    {
        var node = top.Get("on");
        if (node is null or YamlScalarNode { Value: "manual" })
        {
            return [new TriggerSpec(TriggerKind.Manual)];
        }

        if (node is not YamlMappingNode)
        {
            top.Error("on", "'on' must be 'manual' or a mapping with manual, schedule, github or webhook");
            return [];
        }

        var on = top.Map("on", "manual", "schedule", "github", "webhook")!;
        var triggers = new List<TriggerSpec>();
        if (on.Bool("manual", true))
        {
            triggers.Add(new TriggerSpec(TriggerKind.Manual));
        }

        if (on.Get("schedule") is { } schedule)
        {
            var detailed = schedule is YamlMappingNode ? on.Map("schedule", "cron", "time_zone") : null;
            var (cron, zone) = detailed is not null ? (detailed.String("cron", required: true), detailed.String("time_zone")) : (on.String("schedule"), null);
            if (cron is not null && Validate(errors, schedule, cron, zone))
            {
                triggers.Add(new TriggerSpec(TriggerKind.Schedule, Schedule: cron, TimeZone: zone ?? "UTC"));
            }
        }

        if (on.Map("github", GitHubEvents) is { } github)
        {
            foreach (var name in GitHubEvents.Where(e => github.Get(e) is not null))
            {
                triggers.Add(GitHub(github, name));
            }
        }

        if (on.Map("webhook", "name") is { } webhook && webhook.String("name", required: true) is { } hookName)
        {
            triggers.Add(new TriggerSpec(TriggerKind.Webhook, WebhookName: hookName));
        }

        return triggers;
    }

    private static TriggerSpec GitHub(YamlSection github, string name)
    {
        if (github.Get(name) is not YamlMappingNode)
        {
            return new TriggerSpec(TriggerKind.GitHub, GitHubEvent: name, Actions: github.List(name) ?? []);
        }

        var filter = github.Map(name, "types", "branches", "labels", "contains")!;
        return new TriggerSpec(TriggerKind.GitHub, GitHubEvent: name, Actions: filter.List("types") ?? [], Branches: filter.List("branches") ?? [], Labels: filter.List("labels") ?? [], Contains: filter.String("contains"));
    }

    private static bool Validate(LoopFileErrors errors, YamlNode node, string cron, string? zone)
    {
        try
        {
            CronSchedule.Parse(cron);
            if (zone is not null)
            {
                TimeZoneInfo.FindSystemTimeZoneById(zone);
            }

            return true;
        }
        catch (FormatException ex)
        {
            errors.Add(node, $"'on.schedule': {ex.Message}");
        }
        catch (TimeZoneNotFoundException)
        {
            errors.Add(node, $"'on.schedule.time_zone': '{zone}' is not a known time zone; use an IANA name such as Europe/Berlin");
        }

        return false;
    }
}
