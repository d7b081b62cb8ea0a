using LoopFunctions.Triggers.Schedules;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace LoopFunctions.Triggers;

/// <summary>The trigger settings both hosts read from the <c>LoopFunctions</c> configuration section (local.settings.json
/// <c>Values</c>, app settings or environment variables such as <c>LoopFunctions__GitHub__WebhookSecret</c>), so one set
/// of settings configures <c>loopfn serve</c> and the Azure Functions app alike.</summary>
/// <remarks>Bound by the configuration binder (<see cref="ConfigurationKeyNameAttribute"/> where a key is not the
/// property's name), then <see cref="ApplyFallbacks"/>, then <see cref="TriggerOptionsValidator"/>: the same steps in
/// <see cref="Read"/> and in the options pipeline <see cref="TriggerServiceCollectionExtensions.AddTriggerOptions"/>
/// registers.</remarks>
public sealed class TriggerOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "LoopFunctions";

    /// <summary>The folder of loop files, relative to the host's content root (<c>LoopFunctions:LoopsFolder</c>).
    /// Default <c>loops</c>.</summary>
    public string LoopsFolder { get; set; } = "loops";

    /// <summary>The secret GitHub signs deliveries with (<c>LoopFunctions:GitHub:WebhookSecret</c>, else
    /// <c>GITHUB_WEBHOOK_SECRET</c>). Default none: the GitHub webhook refuses every delivery until it is set.</summary>
    [ConfigurationKeyName("GitHub:WebhookSecret")]
    public string? GitHubWebhookSecret { get; set; }

    /// <summary>Secrets of the generic webhooks by name (<c>LoopFunctions:Webhooks:{name}</c>). Default none.</summary>
    [ConfigurationKeyName("Webhooks")]
    public IDictionary<string, string> WebhookSecrets { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>What a schedule does with fires missed while no host ran (<c>LoopFunctions:Schedules:PastDue</c>:
    /// <c>run-latest</c> or <c>skip</c>). Default <see cref="PastDuePolicy.RunLatest"/>.</summary>
    [ConfigurationKeyName("Schedules:PastDue")]
    public PastDuePolicy PastDue { get; set; } = PastDuePolicy.RunLatest;

    /// <summary>Where a start's repository override (<c>?repo=</c> on the HTTP starter, <c>repository</c> in a
    /// LoopOrchestrator start's body) may point (<c>LoopFunctions:Triggers:AllowedRepositoryRoots</c>, a list:
    /// absolute folders and git URL prefixes such as <c>https://github.com/acme/</c>; in environment variables
    /// <c>LoopFunctions__Triggers__AllowedRepositoryRoots__0</c>, <c>__1</c>...). Default none: any git URL (one naming this machine or a
    /// literal private address only from a caller on this machine), and a local git repository only from a caller on this machine (loopback; the Functions app, which does not know its caller,
    /// takes none). With roots, every override must be under one of them, whoever calls. The rules:
    /// <see cref="Starting.RepositoryOverrides"/>.</summary>
    [ConfigurationKeyName("Triggers:AllowedRepositoryRoots")]
    public IList<string> AllowedRepositoryRoots { get; } = new List<string>();

    /// <summary>Reads the settings as the options pipeline does (binding, fallbacks, validator), for a host that needs
    /// them before its container exists; absent ones keep their defaults.</summary>
    /// <exception cref="TriggerConfigurationException">A setting has a value it cannot take; the message names it.</exception>
    public static TriggerOptions Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new TriggerOptions();
        try
        {
            configuration.GetSection(Section).Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            // The binder wraps a converter's refusal; ours already names the key and the values it takes.
            throw ex.InnerException as TriggerConfigurationException ?? new TriggerConfigurationException(ex.Message, ex);
        }

        ApplyFallbacks(options, configuration);
        var result = new TriggerOptionsValidator().Validate(null, options);
        return result.Failed ? throw new TriggerConfigurationException(string.Join(" ", result.Failures)) : options;
    }

    /// <summary>The one post-configure step: what the binding left empty. An empty <c>LoopsFolder</c> is the default
    /// <c>loops</c>; a null or empty webhook secret takes <c>GITHUB_WEBHOOK_SECRET</c> (an empty setting never hides the
    /// fallback); a generic webhook with an empty secret is dropped, as if unset.</summary>
    public static void ApplyFallbacks(TriggerOptions options, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(configuration);
        if (string.IsNullOrEmpty(options.LoopsFolder))
        {
            options.LoopsFolder = "loops";
        }

        if (string.IsNullOrEmpty(options.GitHubWebhookSecret))
        {
            options.GitHubWebhookSecret = configuration["GITHUB_WEBHOOK_SECRET"] is { Length: > 0 } secret ? secret : null;
        }

        foreach (var empty in options.WebhookSecrets.Where(h => string.IsNullOrEmpty(h.Value)).Select(h => h.Key).ToList())
        {
            options.WebhookSecrets.Remove(empty);
        }
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
