using LoopFunctions.Loops.Activities;
using LoopFunctions.Loops.Errors;
using Microsoft.Extensions.Options;
using Octokit;

namespace LoopFunctions.Loops.GitHub;

/// <summary>Makes the Octokit client the loop's GitHub steps use, with the token from the host's configuration.</summary>
/// <remarks>The token comes from <see cref="LoopRunnerOptions.GitHubToken"/> (the hosts read
/// <c>LoopFunctions:GitHub:Token</c>, else <c>GITHUB_TOKEN</c>), else the environment variable
/// <see cref="LoopRunnerOptions.GitHubTokenSetting"/> names. It is never part of a loop file, a plan or a history, and
/// never reaches an agent: agents get an allow-listed environment. Octokit composes API paths as for GitHub
/// Enterprise on any host but github.com: <c>{GitHubApiUrl host}/api/v3/...</c>.</remarks>
public class GitHubClientFactory(IOptions<LoopRunnerOptions> options)
{
    private static readonly ProductHeaderValue Product = new("LoopFunctions", "1.0");

    /// <summary>A client on <see cref="LoopRunnerOptions.GitHubApiUrl"/> with the configured token.</summary>
    /// <param name="purpose">What the token is needed for, named in the error when there is none.</param>
    /// <exception cref="StepRejectedException">No token is configured.</exception>
    public virtual IGitHubClient Create(string purpose)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value;
        var token = settings.GitHubToken is { Length: > 0 } configured ? configured : Environment.GetEnvironmentVariable(settings.GitHubTokenSetting);
        if (string.IsNullOrEmpty(token))
        {
            throw new StepRejectedException($"{purpose} needs a GitHub token: set LoopFunctions:GitHub:Token (or GITHUB_TOKEN) in the host's settings; never in a loop file.");
        }

        return new GitHubClient(Product, settings.GitHubApiUrl) { Credentials = new Credentials(token) };
    }
}
