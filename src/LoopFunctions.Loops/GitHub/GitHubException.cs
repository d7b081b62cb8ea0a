using LoopFunctions.Loops.Errors;

namespace LoopFunctions.Loops.GitHub;

/// <summary>A GitHub API call failed in a way a retry may fix (a server error, a rate limit, the network). Calls that
/// cannot succeed on a retry (a wrong token, an unknown pull request, a refused request) fail with
/// <see cref="StepRejectedException"/> instead. Messages never carry the token.</summary>
public sealed class GitHubException : LoopFunctionsException
{
    public GitHubException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
