using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LoopFunctions.Loops.Tests.GitHub;

/// <summary>
/// A GitHub REST API stand-in over real HTTP on 127.0.0.1, at the paths Octokit uses for a GitHub Enterprise base
/// address (<c>/api/v3/...</c>): pull requests (get, create, list, update), reviews (list, create), commit statuses and
/// check runs. It records every call (method, path, the Authorization header, the body) for the test to assert on.
/// </summary>
internal sealed class GitHubStandIn : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<GitHubCall> _calls = new();
    private readonly ConcurrentDictionary<int, JsonObject> _pulls = new();
    private readonly ConcurrentDictionary<int, List<JsonObject>> _reviews = new();
    private readonly ConcurrentDictionary<string, JsonArray> _checkRuns = new(StringComparer.OrdinalIgnoreCase);
    private int _nextId = 100;

    private GitHubStandIn(WebApplication app) => _app = app;

    /// <summary>The base address to give Octokit (it appends <c>api/v3/</c>).</summary>
    public Uri BaseUri { get; private set; } = null!;

    public IReadOnlyList<GitHubCall> Calls => [.. _calls];

    /// <summary>Answer 403 to status and review posts (a token that may not write).</summary>
    public bool RefuseWrites { get; set; }

    public static async Task<GitHubStandIn> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var standIn = new GitHubStandIn(app);
        app.Use(standIn.RecordAsync);
        const string Repo = "/api/v3/repos/{owner}/{repo}";
        app.MapGet(Repo + "/pulls/{number:int}", (int number) => standIn._pulls.TryGetValue(number, out var pr) ? Results.Content(pr.ToJsonString(), "application/json") : Results.Json(new { message = "Not Found" }, statusCode: 404));
        app.MapGet(Repo + "/pulls", (HttpContext ctx) => Results.Content(new JsonArray([.. standIn._pulls.Values.Where(p => Head(p) == ctx.Request.Query["head"].ToString()).Select(p => (JsonNode)p.DeepClone())]).ToJsonString(), "application/json"));
        app.MapPost(Repo + "/pulls", standIn.CreatePullAsync);
        app.MapMethods(Repo + "/pulls/{number:int}", ["PATCH"], standIn.UpdatePullAsync);
        app.MapGet(Repo + "/pulls/{number:int}/reviews", (int number) => Results.Content(new JsonArray([.. standIn.Reviews(number).Select(r => (JsonNode)r.DeepClone())]).ToJsonString(), "application/json"));
        app.MapPost(Repo + "/pulls/{number:int}/reviews", standIn.CreateReviewAsync);
        app.MapPost(Repo + "/statuses/{sha}", (string sha) => standIn.RefuseWrites
            ? Results.Json(new { message = "Resource not accessible by integration" }, statusCode: 403)
            : Results.Json(new { id = Interlocked.Increment(ref standIn._nextId), state = "success", context = "x" }, statusCode: 201));
        app.MapGet(Repo + "/commits/{reference}/check-runs", (string reference) =>
        {
            var runs = standIn._checkRuns.TryGetValue(reference, out var list) ? list.DeepClone() : new JsonArray();
            return Results.Content(new JsonObject { ["total_count"] = runs.AsArray().Count, ["check_runs"] = runs }.ToJsonString(), "application/json");
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        standIn.BaseUri = new Uri(address.TrimEnd('/') + "/");
        return standIn;
    }

    /// <summary>Serves a pull request as GitHub describes it.</summary>
    public void AddPullRequest(string repository, int number, string headBranch, string headSha, string baseBranch, string baseSha, string cloneUrl, string? headRepository = null, string? headCloneUrl = null, bool maintainerCanModify = false, string title = "Add a feature")
    {
        var headRepo = headRepository ?? repository;
        _pulls[number] = new JsonObject
        {
            ["id"] = 1000 + number,
            ["number"] = number,
            ["state"] = "open",
            ["title"] = title,
            ["body"] = "Please review.",
            ["html_url"] = $"https://github.example/{repository}/pull/{number}",
            ["maintainer_can_modify"] = maintainerCanModify,
            ["head"] = Ref(headBranch, headSha, headRepo, headCloneUrl ?? cloneUrl),
            ["base"] = Ref(baseBranch, baseSha, repository, cloneUrl),
        };
    }

    /// <summary>Moves a pull request's head, as GitHub does when someone pushes.</summary>
    public void MoveHead(int number, string sha) => _pulls[number]["head"]!["sha"] = sha;

    /// <summary>The check runs CI reports for a commit.</summary>
    public void SetCheckRuns(string sha, params (string Name, string Conclusion, string Title, string Summary)[] runs) =>
        _checkRuns[sha] = new JsonArray([.. runs.Select((r, i) => (JsonNode)new JsonObject
        {
            ["id"] = 500 + i,
            ["head_sha"] = sha,
            ["name"] = r.Name,
            ["status"] = "completed",
            ["conclusion"] = r.Conclusion,
            ["started_at"] = "2026-05-01T02:00:00Z",
            ["output"] = new JsonObject { ["title"] = r.Title, ["summary"] = r.Summary, ["text"] = null, ["annotations_count"] = 0 },
        })]);

    public IReadOnlyList<JsonObject> Reviews(int number) => _reviews.TryGetValue(number, out var list) ? [.. list] : [];

    /// <summary>The bodies of the calls with <paramref name="method"/> whose path ends with <paramref name="suffix"/>.</summary>
    public IReadOnlyList<JsonElement> Bodies(string method, string suffix) =>
        [.. Calls.Where(c => c.Method == method && c.Path.EndsWith(suffix, StringComparison.Ordinal)).Select(c => JsonDocument.Parse(c.Body).RootElement.Clone())];

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static JsonObject Ref(string branch, string sha, string repository, string cloneUrl) => new()
    {
        ["label"] = $"{repository.Split('/')[0]}:{branch}",
        ["ref"] = branch,
        ["sha"] = sha,
        ["repo"] = new JsonObject { ["id"] = Math.Abs(repository.GetHashCode(StringComparison.Ordinal)), ["full_name"] = repository, ["name"] = repository.Split('/')[1], ["clone_url"] = cloneUrl },
    };

    private static string Head(JsonObject pr) => (string)pr["head"]!["label"]!;

    private async Task RecordAsync(HttpContext context, RequestDelegate next)
    {
        context.Request.EnableBuffering();
        using var reader = new StreamReader(context.Request.Body, leaveOpen: true);
        var body = await reader.ReadToEndAsync();
        context.Request.Body.Position = 0;
        _calls.Enqueue(new GitHubCall(context.Request.Method, context.Request.Path.Value ?? "", context.Request.Headers.Authorization.ToString(), body));
        await next(context);
    }

    private async Task<IResult> CreateReviewAsync(int number, HttpContext context)
    {
        if (RefuseWrites)
        {
            return Results.Json(new { message = "Resource not accessible by integration" }, statusCode: 403);
        }

        var request = (await JsonNode.ParseAsync(context.Request.Body))!.AsObject();
        var id = Interlocked.Increment(ref _nextId);
        var review = new JsonObject
        {
            ["id"] = id,
            ["body"] = request["body"]?.DeepClone(),
            ["commit_id"] = request["commit_id"]?.DeepClone(),
            ["state"] = "COMMENTED",
            ["html_url"] = $"https://github.example/pull/{number}#pullrequestreview-{id}",
            ["submitted_at"] = "2026-05-01T02:00:00Z",
        };
        _reviews.GetOrAdd(number, _ => []).Add(review);
        return Results.Content(review.ToJsonString(), "application/json", statusCode: 200);
    }

    private async Task<IResult> CreatePullAsync(string owner, string repo, HttpContext context)
    {
        var request = (await JsonNode.ParseAsync(context.Request.Body))!.AsObject();
        var head = (string)request["head"]!;
        if (_pulls.Values.Any(p => Head(p) == $"{owner}:{head}"))
        {
            return Results.Json(new { message = "Validation Failed", errors = new[] { new { resource = "PullRequest", code = "custom", message = $"A pull request already exists for {owner}:{head}." } } }, statusCode: 422);
        }

        var number = _pulls.IsEmpty ? 7 : _pulls.Keys.Max() + 1;
        AddPullRequest($"{owner}/{repo}", number, head, "0000000", (string)request["base"]!, "0000000", "", title: (string)request["title"]!);
        return Results.Content(_pulls[number].ToJsonString(), "application/json", statusCode: 201);
    }

    private async Task<IResult> UpdatePullAsync(int number, HttpContext context)
    {
        var request = (await JsonNode.ParseAsync(context.Request.Body))!.AsObject();
        if (request["title"] is { } title)
        {
            _pulls[number]["title"] = title.DeepClone();
        }

        return Results.Content(_pulls[number].ToJsonString(), "application/json");
    }
}

/// <summary>One call the stand-in received.</summary>
internal sealed record GitHubCall(string Method, string Path, string Authorization, string Body);
