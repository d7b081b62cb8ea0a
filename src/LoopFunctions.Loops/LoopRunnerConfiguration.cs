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
/// with the environment names loopfn and GitHub Actions use as fallbacks.
/// </summary>
/// <remarks>
/// <list type="table">
/// <item><term><c>LoopFunctions:WorkRoot</c></term><description><see cref="LoopRunnerOptions.WorkRoot"/>, relative to the content root; unset keeps the host's default.</description></item>
/// <item><term><c>LoopFunctions:LoopsFolder</c></term><description><see cref="LoopRunnerOptions.LoopsFolder"/>, relative to the content root. Default <c>loops</c>.</description></item>
/// <item><term><c>LoopFunctions:Prices:&lt;model&gt;:…</c></term><description><see cref="LoopRunnerOptions.Prices"/> (<see cref="PriceSettings"/>).</description></item>
/// <item><term><c>LoopFunctions:Publish:Connection</c></term><description>else <c>LOOPFN_PUBLISH_CONNECTION</c>, else <c>AzureWebJobsStorage</c>.</description></item>
/// <item><term><c>LoopFunctions:Publish:SigningKey</c></term><description>else <c>LOOPFN_PUBLISH_KEY</c>.</description></item>
/// <item><term><c>LoopFunctions:GitHub:Token</c></term><description>else <c>GITHUB_TOKEN</c>.</description></item>
/// <item><term><c>LoopFunctions:GitHub:ApiUrl</c></term><description>else <c>GITHUB_API_URL</c>, else https://api.github.com.</description></item>
/// </list>
/// Secrets are read here, inside the process, and only ever reach the activities that use them: never a loop's input,
/// history, status or an agent's environment.
/// </remarks>
public sealed class LoopRunnerConfiguration(IConfiguration configuration, string contentRoot) : IConfigureOptions<LoopRunnerOptions>
{
    /// <summary>The configuration section of <see cref="LoopRunnerOptions"/>.</summary>
    public const string Section = "LoopFunctions";

    /// <exception cref="LoopFunctionsException">A price or the GitHub API URL cannot be read; the message names the key.</exception>
    public void Configure(LoopRunnerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var section = configuration.GetSection(Section);
        if (Value(section["WorkRoot"]) is { } workRoot)
        {
            options.WorkRoot = Path.GetFullPath(workRoot, contentRoot);
        }

        options.LoopsFolder = Path.GetFullPath(Value(section["LoopsFolder"]) ?? "loops", contentRoot);
        options.Prices = PriceSettings.Table(configuration);
        options.PublishConnectionString = Value(section["Publish:Connection"]) ?? Value(configuration["LOOPFN_PUBLISH_CONNECTION"]) ?? Value(configuration["AzureWebJobsStorage"]);
        options.PublishSigningKey = Value(section["Publish:SigningKey"]) ?? Value(configuration["LOOPFN_PUBLISH_KEY"]);
        options.GitHubToken = Value(section["GitHub:Token"]) ?? Value(configuration[options.GitHubTokenSetting]);
        if ((Value(section["GitHub:ApiUrl"]) ?? Value(configuration["GITHUB_API_URL"])) is { } api)
        {
            options.GitHubApiUrl = Uri.TryCreate(api, UriKind.Absolute, out var url)
                ? url
                : throw new LoopFunctionsException($"{Section}:GitHub:ApiUrl: '{api}' is not an absolute URL such as https://github.example.com/api/v3.");
        }
    }

    private static string? Value(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
