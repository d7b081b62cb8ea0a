using LoopFunctions.Loops.Activities;
using LoopFunctions.Loops.Agents.Pricing;
using LoopFunctions.Loops.Errors;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace LoopFunctions.Loops;

/// <summary>
/// <see cref="LoopRunnerOptions"/> from configuration, the one reading every host shares (<c>loopfn serve</c>, the
/// Azure Functions app and <c>loopfn run</c>), so the three read the same keys: the <see cref="Section"/> section
/// (local.settings.json <c>Values</c>, app settings or environment variables such as <c>LoopFunctions__WorkRoot</c>),
/// bound by the configuration binder (<see cref="ConfigurationKeyNameAttribute"/> where a key is not the property's
/// name), with the environment names loopfn and GitHub Actions use as fallbacks.
/// </summary>
/// <remarks>
/// <list type="table">
/// <item><term><c>LoopFunctions:WorkRoot</c></term><description><see cref="LoopRunnerOptions.WorkRoot"/>, relative to the content root; unset keeps the host's default.</description></item>
/// <item><term><c>LoopFunctions:LoopsFolder</c></term><description><see cref="LoopRunnerOptions.LoopsFolder"/>, relative to the content root. Default <c>loops</c>.</description></item>
/// <item><term><c>LoopFunctions:Prices:&lt;model&gt;:…</c></term><description><see cref="LoopRunnerOptions.Prices"/> (<see cref="PriceSettings"/>).</description></item>
/// <item><term><c>LoopFunctions:Pools:&lt;name&gt;:…</c></term><description><see cref="LoopRunnerOptions.Pools"/> (<see cref="BudgetPoolOptions"/>): <c>Period</c>, <c>MaxCostUsd</c>, <c>MaxTokens</c>, <c>ReservationTtl</c>.</description></item>
/// <item><term><c>LoopFunctions:Publish:Connection</c></term><description>else <c>LOOPFN_PUBLISH_CONNECTION</c>, else <c>AzureWebJobsStorage</c>.</description></item>
/// <item><term><c>LoopFunctions:Publish:SigningKey</c></term><description>else <c>LOOPFN_PUBLISH_KEY</c>.</description></item>
/// <item><term><c>LoopFunctions:GitHub:Token</c></term><description>else <c>GITHUB_TOKEN</c>.</description></item>
/// <item><term><c>LoopFunctions:GitHub:ApiUrl</c></term><description>else <c>GITHUB_API_URL</c>, else https://api.github.com.</description></item>
/// </list>
/// The order is the options pipeline's: <see cref="Configure"/> (the defaults relative to the content root, the prices,
/// whose keys are no property's), then the binding, then a host's own configure (the CLI's store folder), then
/// <see cref="PostConfigure"/>, the one place fallbacks apply: each when the value so far is null or empty, so an empty
/// setting never hides its fallback. Secrets are read here, inside the process, and only ever reach the activities
/// that use them: never a loop's input, history, status or an agent's environment.
/// </remarks>
public sealed class LoopRunnerConfiguration(IConfiguration configuration, string contentRoot) : IConfigureOptions<LoopRunnerOptions>, IPostConfigureOptions<LoopRunnerOptions>
{
    /// <summary>The configuration section of <see cref="LoopRunnerOptions"/>.</summary>
    public const string Section = "LoopFunctions";

    /// <summary>Before the binding: the loops folder's default (relative to the content root until
    /// <see cref="PostConfigure"/>) and the prices.</summary>
    /// <exception cref="LoopFunctionsException">A price cannot be read; the message names the key.</exception>
    public void Configure(LoopRunnerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.LoopsFolder = "loops";
        options.Prices = PriceSettings.Table(configuration);
        CheckPools(configuration.GetSection(Section).GetSection("Pools"));
    }

    /// <summary>After the binding and the host's configure: relative paths resolved against the content root, and the
    /// environment fallbacks of the settings still null or empty.</summary>
    public void PostConfigure(string? name, LoopRunnerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.WorkRoot = string.IsNullOrEmpty(options.WorkRoot) ? LoopRunnerOptions.DefaultWorkRoot : Path.GetFullPath(options.WorkRoot, contentRoot);
        options.LoopsFolder = Path.GetFullPath(string.IsNullOrEmpty(options.LoopsFolder) ? "loops" : options.LoopsFolder, contentRoot);
        options.PublishConnectionString = First(options.PublishConnectionString, configuration["LOOPFN_PUBLISH_CONNECTION"], configuration["AzureWebJobsStorage"]);
        options.PublishSigningKey = First(options.PublishSigningKey, configuration["LOOPFN_PUBLISH_KEY"]);
        options.GitHubToken = First(options.GitHubToken, configuration[options.GitHubTokenSetting]);

        // The API URL has a default rather than null, so "not configured" is the key's absence, not the value's.
        if (string.IsNullOrEmpty(configuration.GetSection(Section)["GitHub:ApiUrl"]))
        {
            options.GitHubApiUrl = First(configuration["GITHUB_API_URL"]) is { } api ? new Uri(api, UriKind.RelativeOrAbsolute) : LoopRunnerOptions.DefaultGitHubApiUrl;
        }
    }

    /// <summary>The options as a host gets them (defaults, binding, fallbacks, <see cref="LoopRunnerOptionsValidator"/>),
    /// for a caller with no service container (<c>loopfn run</c>'s preflight).</summary>
    /// <exception cref="LoopFunctionsException">A setting cannot be read or breaks a rule; the message names the key.</exception>
    public static LoopRunnerOptions Read(IConfiguration configuration, string contentRoot)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var reading = new LoopRunnerConfiguration(configuration, Path.GetFullPath(contentRoot));
        var factory = new OptionsFactory<LoopRunnerOptions>(
            [reading, new NamedConfigureFromConfigurationOptions<LoopRunnerOptions>(Options.DefaultName, configuration.GetSection(Section))],
            [reading],
            [new LoopRunnerOptionsValidator()]);
        try
        {
            return factory.Create(Options.DefaultName);
        }
        catch (OptionsValidationException ex)
        {
            throw new LoopFunctionsException(string.Join(" ", ex.Failures), ex);
        }
        catch (InvalidOperationException ex)
        {
            // The binder's own refusal (a value it cannot convert) names the key.
            throw new LoopFunctionsException(ex.Message, ex);
        }
    }

    /// <summary>The pools' keys and values, before the binder reads them: it drops a pool with a value it cannot
    /// convert without a word, and reads a number as a period; a typo must stop the host instead.</summary>
    /// <exception cref="LoopFunctionsException">A pool's key is unknown or its value unreadable; the message names it.</exception>
    private static void CheckPools(IConfigurationSection pools)
    {
        string[] keys = ["Period", "MaxCostUsd", "MaxTokens", "ReservationTtl"];
        foreach (var pool in pools.GetChildren())
        {
            foreach (var setting in pool.GetChildren())
            {
                var value = setting.Value ?? "";
                var problem = keys.FirstOrDefault(k => string.Equals(k, setting.Key, StringComparison.OrdinalIgnoreCase)) switch
                {
                    null => $"is not a pool setting; a pool has {string.Join(", ", keys)}",
                    "Period" => value.ToLowerInvariant() is "day" or "week" or "month" or "none" ? null : "must be day, week, month or none",
                    "MaxCostUsd" => decimal.TryParse(value, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out _) ? null : "must be a number (USD per period)",
                    "MaxTokens" => long.TryParse(value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out _) ? null : "must be a whole number (tokens per period)",
                    _ => TimeSpan.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out _) ? null : "must be a duration (hh:mm:ss, or d.hh:mm:ss)",
                };
                if (problem is not null)
                {
                    throw new LoopFunctionsException($"{setting.Path}: {problem} (was '{value}').");
                }
            }
        }
    }

    private static string? First(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrEmpty(v));
}
