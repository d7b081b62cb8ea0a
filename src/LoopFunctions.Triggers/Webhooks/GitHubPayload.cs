using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Octokit.Webhooks;
using Octokit.Webhooks.Events;

namespace LoopFunctions.Triggers.Webhooks;

/// <summary>Reads a GitHub delivery into Octokit.Webhooks' typed event for the events the router acts on.</summary>
internal static class GitHubPayload
{
    private static readonly Dictionary<string, Type> Events = new(StringComparer.Ordinal)
    {
        ["pull_request"] = typeof(PullRequestEvent),
        ["push"] = typeof(PushEvent),
        ["issues"] = typeof(IssuesEvent),
        ["issue_comment"] = typeof(IssueCommentEvent),
        ["check_suite"] = typeof(CheckSuiteEvent),
        ["deployment_status"] = typeof(DeploymentStatusEvent),
        ["workflow_run"] = typeof(WorkflowRunEvent),
    };

    /// <summary>The models mark most fields required, but GitHub's payloads drift from its published schema and a field
    /// the router never reads must not make a delivery unreadable: every field is optional here, and the router
    /// treats a missing one as the old JSON-path reading did (absent text, number 0).</summary>
    private static readonly JsonSerializerOptions Lenient = new()
    {
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { AllOptional } },
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };

    /// <summary>The typed event, or null: with a reason when the payload of an event we act on cannot be read
    /// (malformed, or an action Octokit.Webhooks does not know), without one for an event we do not act on.</summary>
    public static (WebhookEvent? Event, string? Unreadable) Read(string eventName, JsonElement payload)
    {
        if (!Events.TryGetValue(eventName, out var type))
        {
            return (null, null);
        }

        try
        {
            return ((WebhookEvent?)payload.Deserialize(type, Lenient), null);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException)
        {
            return (null, $"the {eventName} payload cannot be read: {ex.Message}");
        }
    }

    private static void AllOptional(JsonTypeInfo type)
    {
        foreach (var property in type.Properties)
        {
            property.IsRequired = false;
        }
    }
}
