using LoopFunctions.Triggers.Schedules;
using Microsoft.Extensions.Configuration;

namespace LoopFunctions.Triggers;

/// <summary>The trigger settings both hosts read from the <c>LoopFunctions</c> configuration section (local.settings.json
/// <c>Values</c>, app settings or environment variables such as <c>LoopFunctions__GitHub__WebhookSecret</c>), so one set
/// of settings configures <c>loopfn serve</c> and the Azure Functions app alike.</summary>
public sealed class TriggerOptions
{
    /// <summary>The folder of loop files, relative to the host's content root (<c>LoopFunctions:LoopsFolder</c>).
    /// Default <c>loops</c>.</summary>
    public string LoopsFolder { get; set; } = "loops";

    /// <summary>The secret GitHub signs deliveries with (<c>LoopFunctions:GitHub:WebhookSecret</c>, else
    /// <c>GITHUB_WEBHOOK_SECRET</c>). Default none: the GitHub webhook refuses every delivery until it is set.</summary>
    public string? GitHubWebhookSecret { get; set; }

    /// <summary>Secrets of the generic webhooks by name (<c>LoopFunctions:Webhooks:{name}</c>). Default none.</summary>
    public IDictionary<string, string> WebhookSecrets { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>What a schedule does with fires missed while no host ran (<c>LoopFunctions:Schedules:PastDue</c>:
    /// <c>run-latest</c> or <c>skip</c>). Default <see cref="PastDuePolicy.RunLatest"/>.</summary>
    public PastDuePolicy PastDue { get; set; } = PastDuePolicy.RunLatest;

    /// <summary>Reads the settings; absent ones keep their defaults.</summary>
    /// <exception cref="TriggerConfigurationException">A setting has a value it cannot take.</exception>
    public static TriggerOptions Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection("LoopFunctions");
        var options = new TriggerOptions
        {
            LoopsFolder = section["LoopsFolder"] is { Length: > 0 } folder ? folder : "loops",
            GitHubWebhookSecret = section["GitHub:WebhookSecret"] ?? configuration["GITHUB_WEBHOOK_SECRET"],
        };
        foreach (var hook in section.GetSection("Webhooks").GetChildren())
        {
            if (!string.IsNullOrEmpty(hook.Value))
            {
                options.WebhookSecrets[hook.Key] = hook.Value;
            }
        }

        if (section["Schedules:PastDue"] is { } pastDue)
        {
            options.PastDue = ParsePastDue(pastDue);
        }

        return options;
    }

    /// <exception cref="TriggerConfigurationException">Not <c>run-latest</c> or <c>skip</c>.</exception>
    public static PastDuePolicy ParsePastDue(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Replace("-", "", StringComparison.Ordinal).ToUpperInvariant() switch
        {
            "RUNLATEST" => PastDuePolicy.RunLatest,
            "SKIP" => PastDuePolicy.Skip,
            _ => throw new TriggerConfigurationException($"LoopFunctions:Schedules:PastDue: '{value}' is not run-latest or skip."),
        };
    }
}
