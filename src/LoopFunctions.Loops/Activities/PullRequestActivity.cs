using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using LoopFunctions.Loops.Errors;
using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Loops.Workspace;
using Microsoft.DurableTask;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace LoopFunctions.Loops.Activities;

/// <summary>Opens a pull request for the loop branch, or updates the open one: idempotent, so a retried step or a
/// second run of the loop on the same branch never opens a second pull request. Returns its URL.</summary>
public sealed partial class PullRequestActivity(IHostApplicationLifetime lifetime, IOptions<LoopRunnerOptions> options, HttpClient? http = null) : LoopActivity<PullRequestInput, string>(lifetime)
{
    private static readonly HttpClient Shared = new() { Timeout = TimeSpan.FromSeconds(60) };
    private readonly HttpClient _http = http ?? Shared;

    protected override async Task<string> ExecuteAsync(TaskActivityContext context, PullRequestInput input, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var token = Environment.GetEnvironmentVariable(settings.GitHubTokenSetting);
        if (string.IsNullOrEmpty(token))
        {
            throw new LoopFunctionsException($"outputs.pull_request needs a GitHub token in the environment variable {settings.GitHubTokenSetting}.");
        }

        var url = (await Git.RunAsync(input.Workspace.Path, cancellationToken, "remote", "get-url", input.Remote).ConfigureAwait(false)).Trim();
        var (owner, repo) = ParseRepository(url);
        var api = new Uri(settings.GitHubApiUrl.ToString().TrimEnd('/') + "/");
        var create = Request(HttpMethod.Post, new Uri(api, $"repos/{owner}/{repo}/pulls"), token, new { title = input.Title, head = input.Workspace.Branch, @base = input.BaseBranch, body = input.Body });
        using var created = await _http.SendAsync(create, cancellationToken).ConfigureAwait(false);
        if (created.IsSuccessStatusCode)
        {
            return await HtmlUrlAsync(created, cancellationToken).ConfigureAwait(false);
        }

        if (created.StatusCode != HttpStatusCode.UnprocessableEntity)
        {
            throw await FailureAsync("open a pull request", created, cancellationToken).ConfigureAwait(false);
        }

        // 422: one is already open for this branch (an earlier run or a retry): update it instead.
        using var list = await _http.SendAsync(Request(HttpMethod.Get, new Uri(api, $"repos/{owner}/{repo}/pulls?state=open&head={owner}:{Uri.EscapeDataString(input.Workspace.Branch)}"), token, null), cancellationToken).ConfigureAwait(false);
        if (!list.IsSuccessStatusCode)
        {
            throw await FailureAsync("find the open pull request", list, cancellationToken).ConfigureAwait(false);
        }

        using var open = JsonDocument.Parse(await list.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
        var number = open.RootElement.EnumerateArray().Select(p => p.GetProperty("number").GetInt32()).FirstOrDefault();
        if (number == 0)
        {
            throw await FailureAsync("open a pull request", created, cancellationToken).ConfigureAwait(false);
        }

        using var updated = await _http.SendAsync(Request(HttpMethod.Patch, new Uri(api, $"repos/{owner}/{repo}/pulls/{number}"), token, new { title = input.Title, body = input.Body }), cancellationToken).ConfigureAwait(false);
        return updated.IsSuccessStatusCode
            ? await HtmlUrlAsync(updated, cancellationToken).ConfigureAwait(false)
            : throw await FailureAsync("update the pull request", updated, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>owner and repository from an https or ssh GitHub remote URL.</summary>
    /// <exception cref="LoopFunctionsException">The remote is not a GitHub repository URL.</exception>
    public static (string Owner, string Repo) ParseRepository(string remoteUrl)
    {
        ArgumentNullException.ThrowIfNull(remoteUrl);
        var match = RepositoryRegex().Match(remoteUrl);
        return match.Success
            ? (match.Groups["owner"].Value, match.Groups["repo"].Value)
            : throw new LoopFunctionsException($"the remote '{remoteUrl}' is not a GitHub repository URL (https://host/owner/repo or git@host:owner/repo), so no pull request can be opened.");
    }

    private static HttpRequestMessage Request(HttpMethod method, Uri uri, string token, object? body)
    {
        var request = new HttpRequestMessage(method, uri);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.github+json"));
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("LoopFunctions", "1.0"));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return request;
    }

    private static async Task<string> HtmlUrlAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
        return document.RootElement.GetProperty("html_url").GetString()!;
    }

    private static async Task<LoopFunctionsException> FailureAsync(string what, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return new LoopFunctionsException($"GitHub refused to {what}: HTTP {(int)response.StatusCode}: {(text.Length > 500 ? text[..500] : text)}");
    }

    [GeneratedRegex(@"^(?:[a-z+]+://(?:[^@/]+@)?[^/]+/|[^@/]+@[^:/]+:)(?<owner>[A-Za-z0-9_.-]+)/(?<repo>[A-Za-z0-9_.-]+?)(?:\.git)?/?$")]
    private static partial Regex RepositoryRegex();
}
