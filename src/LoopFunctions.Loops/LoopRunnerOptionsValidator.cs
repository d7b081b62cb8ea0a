using LoopFunctions.Loops.Activities;
using LoopFunctions.Loops.Definitions;
using Microsoft.Extensions.Options;

namespace LoopFunctions.Loops;

/// <summary>The rules of <see cref="LoopRunnerOptions"/>, checked when the host starts (or when the options are first
/// read outside a host); each failure names the setting, its configuration key and the rule.</summary>
public sealed class LoopRunnerOptionsValidator : IValidateOptions<LoopRunnerOptions>
{
    /// <summary>The shortest <see cref="BudgetPoolOptions.ReservationTtl"/> a pool may have.</summary>
    public static readonly TimeSpan MinimumReservationTtl = TimeSpan.FromMinutes(10);

    public ValidateOptionsResult Validate(string? name, LoopRunnerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        void Check(bool ok, string setting, string key, string rule, object? value)
        {
            if (!ok)
            {
                errors.Add($"LoopRunnerOptions.{setting} ({key}): {rule} (was '{value}').");
            }
        }

        Check(!string.IsNullOrWhiteSpace(options.WorkRoot) && Path.IsPathFullyQualified(options.WorkRoot), nameof(options.WorkRoot), "LoopFunctions:WorkRoot", "must be an absolute path", options.WorkRoot);
        Check(!string.IsNullOrWhiteSpace(options.LoopsFolder) && Path.IsPathFullyQualified(options.LoopsFolder), nameof(options.LoopsFolder), "LoopFunctions:LoopsFolder", "must be an absolute path", options.LoopsFolder);
        Check(options.GitHubApiUrl is { IsAbsoluteUri: true } url && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp), nameof(options.GitHubApiUrl), "LoopFunctions:GitHub:ApiUrl", "must be an http or https URL", options.GitHubApiUrl);
        Check(!string.IsNullOrWhiteSpace(options.GitHubTokenSetting), nameof(options.GitHubTokenSetting), "(code only)", "must name an environment variable", options.GitHubTokenSetting);
        Check(options.Prices is not null, nameof(options.Prices), "LoopFunctions:Prices", "required", null);
        Check(options.SandboxHiddenPaths.All(Path.IsPathFullyQualified), nameof(options.SandboxHiddenPaths), "(code only)", "must hold absolute paths only", string.Join(", ", options.SandboxHiddenPaths));
        Check(options.Pools is not null, nameof(options.Pools), "LoopFunctions:Pools", "required", null);
        foreach (var (pool, settings) in options.Pools ?? [])
        {
            var key = $"LoopFunctions:Pools:{pool}";
            var setting = $"{nameof(options.Pools)}[{pool}]";
            Check(PoolNames.IsValid(pool), setting, key, $"a pool's name is {PoolNames.Rule}", pool);
            if (settings is null)
            {
                Check(false, setting, key, "needs its settings: Period, and MaxCostUsd and/or MaxTokens", null);
                continue;
            }

            Check(Enum.IsDefined(settings.Period), $"{setting}.Period", key + ":Period", "must be day, week, month or none", settings.Period);
            Check(settings.MaxCostUsd is not null || settings.MaxTokens is not null, setting, key, "needs a cap: MaxCostUsd and/or MaxTokens", null);
            Check(settings.MaxCostUsd is null or > 0m, $"{setting}.MaxCostUsd", key + ":MaxCostUsd", "must be more than 0 (USD per period)", settings.MaxCostUsd);
            Check(settings.MaxTokens is null or > 0, $"{setting}.MaxTokens", key + ":MaxTokens", "must be at least 1 (tokens per period)", settings.MaxTokens);
            Check(settings.ReservationTtl >= MinimumReservationTtl, $"{setting}.ReservationTtl", key + ":ReservationTtl", $"must be at least {MinimumReservationTtl} (hh:mm:ss, or d.hh:mm:ss); a loop also needs it to outlive its agent step with retries", settings.ReservationTtl);
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
