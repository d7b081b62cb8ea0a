using System.Net;
using LoopFunctions.Loops.Errors;
using Octokit;

namespace LoopFunctions.Loops.GitHub;

/// <summary>Runs an Octokit call and turns its failures into the loop's errors: the ones a retry cannot fix are
/// <see cref="StepRejectedException"/> (the step is not retried), the others <see cref="GitHubException"/>.</summary>
internal static class GitHubCalls
{
    public static async Task<T> RunAsync<T>(string what, Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (RateLimitExceededException ex)
        {
            throw new GitHubException($"GitHub's rate limit stopped '{what}' (resets at {ex.Reset:u}).", ex);
        }
        catch (SecondaryRateLimitExceededException ex)
        {
            throw new GitHubException($"GitHub's secondary rate limit stopped '{what}'.", ex);
        }
        catch (ApiException ex) when (ex.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound or HttpStatusCode.UnprocessableEntity or HttpStatusCode.Gone)
        {
            throw new StepRejectedException($"GitHub refused to {what}: HTTP {(int)ex.StatusCode}: {Message(ex)}", ex);
        }
        catch (ApiException ex)
        {
            throw new GitHubException($"GitHub failed to {what}: HTTP {(int)ex.StatusCode}: {Message(ex)}", ex);
        }
        catch (HttpRequestException ex)
        {
            throw new GitHubException($"could not reach the GitHub API to {what}: {ex.Message}", ex);
        }
        catch (TaskCanceledException ex) when (ex.InnerException is TimeoutException)
        {
            throw new GitHubException($"the GitHub API did not answer in time to {what}.", ex);
        }
    }

    public static Task RunAsync(string what, Func<Task> call) => RunAsync(what, async () =>
    {
        await call().ConfigureAwait(false);
        return true;
    });

    private static string Message(ApiException ex)
    {
        var text = ex.ApiError?.Message ?? ex.Message;
        if (ex.ApiError?.Errors is { Count: > 0 } errors)
        {
            text += " (" + string.Join("; ", errors.Select(e => e.Message ?? e.Code)) + ")";
        }

        return text.Length > 500 ? text[..500] : text;
    }
}
