using LoopFunctions.Loops.Activities;
using Microsoft.Extensions.Options;

namespace LoopFunctions.Loops;

/// <summary>The rules of <see cref="LoopRunnerOptions"/>, checked when the host starts (or when the options are first
/// read outside a host); each failure names the setting, its configuration key and the rule.</summary>
public sealed class LoopRunnerOptionsValidator : IValidateOptions<LoopRunnerOptions>
{
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
        Check(options.MaxParallelVerifications is >= 1 and <= 1024, nameof(options.MaxParallelVerifications), "LoopFunctions:MaxParallelVerifications", "must be a whole number from 1 to 1024", options.MaxParallelVerifications);
        Check(options.Prices is not null, nameof(options.Prices), "LoopFunctions:Prices", "required", null);
        Check(options.SandboxHiddenPaths.All(Path.IsPathFullyQualified), nameof(options.SandboxHiddenPaths), "(code only)", "must hold absolute paths only", string.Join(", ", options.SandboxHiddenPaths));
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
