using LoopFunctions.Triggers.Schedules;
using Microsoft.Extensions.Options;

namespace LoopFunctions.Triggers;

/// <summary>The rules of <see cref="TriggerOptions"/>, wherever they are read (<see cref="TriggerOptions.Read"/>, or the
/// options pipeline at start); each failure names the setting, its configuration key and the rule.</summary>
public sealed class TriggerOptionsValidator : IValidateOptions<TriggerOptions>
{
    public ValidateOptionsResult Validate(string? name, TriggerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.LoopsFolder))
        {
            errors.Add($"TriggerOptions.LoopsFolder (LoopFunctions:LoopsFolder): must name a folder (was '{options.LoopsFolder}').");
        }

        if (!Enum.IsDefined(options.PastDue))
        {
            errors.Add($"TriggerOptions.PastDue (LoopFunctions:Schedules:PastDue): must be run-latest or skip (was '{options.PastDue}').");
        }

        // Never the secret itself in the message.
        foreach (var hook in options.WebhookSecrets.Where(h => string.IsNullOrWhiteSpace(h.Key) || string.IsNullOrEmpty(h.Value)))
        {
            errors.Add($"TriggerOptions.WebhookSecrets (LoopFunctions:Webhooks:{hook.Key}): a generic webhook needs a name and a secret.");
        }

        foreach (var root in options.AllowedRepositoryRoots.Where(r => !Starting.RepositoryOverrides.IsRoot(r)))
        {
            errors.Add($"TriggerOptions.AllowedRepositoryRoots (LoopFunctions:Triggers:AllowedRepositoryRoots): '{root}' is neither an absolute folder nor a git URL prefix (https://host/owner/, git@host:owner/).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
