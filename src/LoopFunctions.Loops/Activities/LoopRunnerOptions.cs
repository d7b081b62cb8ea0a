using LoopFunctions.Loops.Agents.Pricing;
using Microsoft.Extensions.Configuration;

namespace LoopFunctions.Loops.Activities;

/// <summary>Where loop runs keep their clones and what models cost.</summary>
/// <remarks>Bound from the <c>LoopFunctions</c> section (<see cref="LoopRunnerConfiguration"/>): a property whose key
/// differs from its name says so with <see cref="ConfigurationKeyNameAttribute"/>.</remarks>
public sealed class LoopRunnerOptions
{
    /// <summary>Where clones live; under the store's folder so a restarted process finds them. Default
    /// <c>.loopfunctions/workspaces</c> in the current directory.</summary>
    public string WorkRoot { get; set; } = DefaultWorkRoot;

    /// <summary>The folder a run's loop is found in by name (<see cref="Orchestration.LoopRunInput.Loop"/>), when its
    /// first step loads its plan. Default <c>loops</c> in the current directory; hosts set their loop folder, and
    /// <c>loopfn run FILE</c> the file's folder.</summary>
    public string LoopsFolder { get; set; } = Path.GetFullPath("loops");

    /// <summary>Folders a sandboxed agent must not see, besides the host's home, <c>/tmp</c>, <c>/run/user</c>, the
    /// work root and the work root's parent (where the CLI keeps its store). Default empty; a host whose store lives
    /// elsewhere adds its folder here.</summary>
    public IList<string> SandboxHiddenPaths { get; } = [];

    /// <summary>Prices per model; defaults plus any overrides from configuration.</summary>
    public PriceTable Prices { get; set; } = new();

    /// <summary>The GitHub REST API the loop's GitHub steps call (pull requests, reviews, statuses, check runs). Default
    /// <c>GITHUB_API_URL</c> from the environment (as GitHub Actions sets it), else https://api.github.com. On any host
    /// but github.com, Octokit calls <c>{host}/api/v3/...</c>, as GitHub Enterprise Server serves it.</summary>
    [ConfigurationKeyName("GitHub:ApiUrl")]
    public Uri GitHubApiUrl { get; set; } = DefaultGitHubApiUrl;

    /// <summary>The GitHub token the loop's GitHub steps use. Default null: then the environment variable
    /// <see cref="GitHubTokenSetting"/> names is read. Hosts set it from <c>LoopFunctions:GitHub:Token</c> (else
    /// <c>GITHUB_TOKEN</c>). Never in a loop file, a plan or a history; never in an agent's environment.</summary>
    [ConfigurationKeyName("GitHub:Token")]
    public string? GitHubToken { get; set; }

    /// <summary>The environment variable that holds the GitHub token when <see cref="GitHubToken"/> is not set. Default
    /// <c>GITHUB_TOKEN</c>.</summary>
    public string GitHubTokenSetting { get; set; } = "GITHUB_TOKEN";

    /// <summary>The Azure Storage connection string <c>outputs.publish</c> uploads with. Default null: a loop that
    /// publishes then fails its publish step, naming this setting. Private links are SAS links signed with the account
    /// key, so the connection string must carry an <c>AccountKey</c> (Azurite's well-known key works). The CLI reads
    /// <c>LOOPFN_PUBLISH_CONNECTION</c>, else <c>AzureWebJobsStorage</c>.</summary>
    [ConfigurationKeyName("Publish:Connection")]
    public string? PublishConnectionString { get; set; }

    /// <summary>The key of the HMAC-SHA256 signature of published provenance records (UTF-8 bytes of the text).
    /// Default null: a loop that publishes then fails its publish step, naming this setting. The CLI reads
    /// <c>LOOPFN_PUBLISH_KEY</c>.</summary>
    [ConfigurationKeyName("Publish:SigningKey")]
    public string? PublishSigningKey { get; set; }

    /// <summary>The budget pools loops may name in <c>limits.pool</c>, by name (matched ignoring case):
    /// <c>LoopFunctions:Pools:&lt;name&gt;:…</c>. Default none.</summary>
    public Dictionary<string, BudgetPoolOptions> Pools { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The pool <paramref name="name"/>'s settings as the ledger reads them, or null when none is declared.</summary>
    public Budget.PoolLimits? PoolLimits(string name) => Pools.TryGetValue(name, out var pool) ? pool.ToLimits() : null;

    /// <summary><see cref="WorkRoot"/>'s default, also where an empty <c>LoopFunctions:WorkRoot</c> leaves it.</summary>
    internal static string DefaultWorkRoot => Path.GetFullPath(".loopfunctions/workspaces");

    /// <summary><see cref="GitHubApiUrl"/>'s default: the process's <c>GITHUB_API_URL</c>, else github.com's API.</summary>
    internal static Uri DefaultGitHubApiUrl => new(Environment.GetEnvironmentVariable("GITHUB_API_URL") is { Length: > 0 } url ? url : "https://api.github.com");
}
