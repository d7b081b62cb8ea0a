using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LoopFunctions.Loops.Tests.Agents.ModelServers;

/// <summary>
/// A model endpoint over real HTTP on 127.0.0.1 that a real agent CLI talks to. It answers from a scenario: each
/// user turn (picked by a marker in the latest user message) is a list of actions, and the action for a request is
/// the one at the number of tool results after the latest user message, so a resumed session, which resends its
/// history, starts its new turn at the first action (or each turn is scripted as it starts, <see cref="OnEachTurn"/>,
/// for sessions that run at once). Every request is recorded; requests without tools (titles,
/// routers) and unknown routes get a minimal answer so the CLI never hangs.
/// </summary>
internal abstract class ModelServer : IAsyncDisposable
{
    private readonly List<ModelRequest> _requests = [];
    private readonly List<(string? Marker, ModelAction[] Actions)> _turns = [];
    private readonly List<IReadOnlyList<ConversationItem>> _conversations = [];
    private readonly HashSet<string> _repliesSent = [];
    private readonly Dictionary<string, ModelAction[]> _turnScripts = new(StringComparer.Ordinal);
    private (Func<ModelRequest, string?> Session, Func<int, ModelRequest, ModelAction[]> Script)? _eachTurn;
    private readonly Lock _gate = new();
    private WebApplication? _app;

    public Uri BaseUri { get; private set; } = null!;

    /// <summary>The URL to give the CLI as its endpoint (with the version segment the CLI expects, if any).</summary>
    public abstract string CliBaseUrl { get; }

    /// <summary>Usage reported by each scripted response.</summary>
    public ServerUsage Usage { get; set; } = ServerUsage.Default;

    /// <summary>Against which relative paths of <see cref="ModelAction.WriteFile"/> are made absolute.</summary>
    public string? WorkingDirectory { get; set; }

    public IReadOnlyList<ModelRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>The requests the scenario answered, in order.</summary>
    public IReadOnlyList<ModelRequest> ScriptedRequests => [.. Requests.Where(r => r.Scripted)];

    /// <summary>True when the latest scripted request's history, before its latest user message, holds a reply this
    /// server sent in an earlier user turn: the CLI resumed the session instead of starting a new one.</summary>
    public bool LastRequestContinuedConversation
    {
        get
        {
            lock (_gate)
            {
                if (_conversations.Count == 0)
                {
                    return false;
                }

                var conversation = _conversations[^1];
                var latestUser = LatestUserIndex(conversation);
                return conversation.Take(Math.Max(latestUser, 0)).Any(item =>
                    item.Kind == ConversationItemKind.AssistantText && _repliesSent.Contains(item.Text.Trim()));
            }
        }
    }

    /// <summary>Scripts the user turn whose latest user message contains <paramref name="marker"/>.</summary>
    public ModelServer OnPrompt(string marker, params ModelAction[] actions)
    {
        lock (_gate)
        {
            _turns.Add((marker, actions));
        }

        return this;
    }

    /// <summary>Scripts every user turn no marker matches.</summary>
    public ModelServer OnAnyPrompt(params ModelAction[] actions)
    {
        lock (_gate)
        {
            _turns.Add((null, actions));
        }

        return this;
    }

    /// <summary>Scripts each user turn as it starts, instead of by marker: for concurrent sessions whose turns should
    /// differ (a bench's agents that succeed at random). The first scripted request of a turn calls
    /// <paramref name="script"/> with the turn's ordinal (0-based, in the order turns start on this server) and the
    /// request; the turn's later requests, told apart by <paramref name="session"/> (a session header, say) and the
    /// position of the latest user message, follow the actions it returned, however sessions interleave.</summary>
    public ModelServer OnEachTurn(Func<ModelRequest, string?> session, Func<int, ModelRequest, ModelAction[]> script)
    {
        lock (_gate)
        {
            _eachTurn = (session, script);
        }

        return this;
    }

    protected static async Task<T> StartAsync<T>(T server)
        where T : ModelServer
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        server.Map(app);
        app.MapFallback(async context =>
        {
            await server.RecordAsync(context, scripted: false);
            context.Response.StatusCode = 404;
            await context.Response.WriteAsJsonAsync(new { error = new { message = "not served by the test model server" } });
        });
        await app.StartAsync();
        server._app = app;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUri = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    protected abstract void Map(WebApplication app);

    /// <summary>Reads the conversation of a request body in this server's wire API.</summary>
    protected abstract IReadOnlyList<ConversationItem> ReadConversation(JsonElement body);

    protected async Task<ModelRequest> RecordAsync(HttpContext context, bool scripted)
    {
        var body = await BodyAsync(context);
        var headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
        var request = new ModelRequest(
            context.Request.Method, context.Request.Path.Value ?? "", context.Request.QueryString.Value ?? "", body, headers, scripted);
        lock (_gate)
        {
            _requests.Add(request);
        }

        return request;
    }

    /// <summary>The request body, read once and kept, so a handler can look at it before recording it.</summary>
    protected static async Task<string> BodyAsync(HttpContext context)
    {
        if (context.Items[typeof(ModelServer)] is string cached)
        {
            return cached;
        }

        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        context.Items[typeof(ModelServer)] = body;
        return body;
    }

    protected static async Task<JsonElement> BodyJsonAsync(HttpContext context)
    {
        var body = await BodyAsync(context);
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Records the request and picks the scenario's action for it.</summary>
    protected async Task<ModelAction> NextActionAsync(HttpContext context)
    {
        var request = await RecordAsync(context, scripted: true);
        var conversation = ReadConversation(request.Json);
        var latestUser = LatestUserIndex(conversation);
        var prompt = latestUser >= 0 ? conversation[latestUser].Text : "";
        var done = conversation.Skip(latestUser + 1).Count(item => item.Kind == ConversationItemKind.ToolResult);
        lock (_gate)
        {
            _conversations.Add(conversation);
            var actions = _eachTurn is { } each ? TurnScript(each.Session, each.Script, request, latestUser) : ScriptFor(prompt);
            // Past the script (or without one) the model ends the turn, so a CLI that asks again does not loop.
            var action = done < actions.Length ? actions[done] : ModelAction.Reply("done");
            if (action is ReplyAction reply)
            {
                _repliesSent.Add(reply.Text.Trim());
            }

            return action;
        }
    }

    private ModelAction[] ScriptFor(string prompt)
    {
        var turn = _turns.FirstOrDefault(t => t.Marker is not null && prompt.Contains(t.Marker, StringComparison.Ordinal));
        return turn.Actions ?? _turns.FirstOrDefault(t => t.Marker is null).Actions ?? [];
    }

    /// <summary>The actions of the turn <paramref name="request"/> belongs to, scripted on its first request (under the gate).</summary>
    private ModelAction[] TurnScript(Func<ModelRequest, string?> session, Func<int, ModelRequest, ModelAction[]> script, ModelRequest request, int latestUser)
    {
        var key = $"{session(request)}#{latestUser}";
        if (!_turnScripts.TryGetValue(key, out var actions))
        {
            actions = script(_turnScripts.Count, request);
            _turnScripts[key] = actions;
        }

        return actions;
    }

    protected string ResolvePath(string path) =>
        WorkingDirectory is null || Path.IsPathRooted(path) ? path : Path.Combine(WorkingDirectory, path);

    protected static async Task WriteSseAsync(HttpContext context, IEnumerable<(string? Event, JsonNode Data)> events)
    {
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        foreach (var (name, data) in events)
        {
            var text = (name is null ? "" : $"event: {name}\n") + $"data: {data.ToJsonString()}\n\n";
            await context.Response.WriteAsync(text);
        }
    }

    protected static async Task WriteSseDoneAsync(HttpContext context) => await context.Response.WriteAsync("data: [DONE]\n\n");

    protected static string NewId(string prefix) => prefix + Guid.NewGuid().ToString("N")[..24];

    private static int LatestUserIndex(IReadOnlyList<ConversationItem> conversation)
    {
        for (var i = conversation.Count - 1; i >= 0; i--)
        {
            if (conversation[i].Kind == ConversationItemKind.UserText)
            {
                return i;
            }
        }

        return -1;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
