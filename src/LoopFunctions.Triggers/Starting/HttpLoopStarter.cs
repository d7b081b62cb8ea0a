using System.Text.Json;
using DurableTask.Core.Exceptions;
using LoopFunctions.Loops;
using LoopFunctions.Loops.Definitions;
using LoopFunctions.Loops.Orchestration;
using LoopFunctions.Triggers.Catalog;
using LoopFunctions.Triggers.Http;

namespace LoopFunctions.Triggers.Starting;

/// <summary>The HTTP starter's logic (<c>POST /api/loops/{loop}[?instanceId=&amp;repo=]</c>, the body as the run's
/// input, and Durable Functions' <c>POST .../orchestrators/LoopOrchestrator[/{instanceId}]</c>, the body as the
/// orchestration's input): which loop, whether its file is valid, whether this host can run it (<see cref="ILoopPreflight"/>,
/// when the host gives one), whether the start's repository override may be used (<see cref="RepositoryOverrides"/>,
/// when the host gives them), and the start itself.</summary>
public sealed class HttpLoopStarter(LoopFolder loops, LoopLauncher launcher, ILoopPreflight? preflight = null, RepositoryOverrides? repositories = null)
{
    /// <summary>Starts a run of <paramref name="loop"/>: 404 unknown loop, 400 invalid loop file, body or instance
    /// id, or a run this host cannot start (each problem with its fix; nothing is scheduled or spent), 409 a live run
    /// has that id; otherwise the new run's id.</summary>
    public Task<HttpStartResult> StartAsync(string loop, string? instanceId, string? repository, ReadOnlyMemory<byte> body, CancellationToken ct) =>
        StartAsync(loop, instanceId, repository, localCaller: false, body, ct);

    /// <summary>As <see cref="StartAsync(string, string?, string?, ReadOnlyMemory{byte}, CancellationToken)"/>, saying
    /// whether the request came from this machine (<paramref name="localCaller"/>), which decides whether a local
    /// repository override is taken without allowed roots; 400 for an override that may not be used.</summary>
    public async Task<HttpStartResult> StartAsync(string loop, string? instanceId, string? repository, bool localCaller, ReadOnlyMemory<byte> body, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(loop);
        var (definition, unknown) = Find(loop);
        if (unknown is not null)
        {
            return HttpStartResult.Refused(unknown);
        }

        var (input, error) = RequestJson.Parse(body);
        if (error is not null)
        {
            return HttpStartResult.Refused(TriggerResponse.BadRequest(error));
        }

        return await LaunchAsync(definition!, new LoopStart(TriggerSource.Http, string.IsNullOrEmpty(instanceId) ? null : instanceId, string.IsNullOrEmpty(repository) ? null : repository, input?.GetRawText()), localCaller, ct).ConfigureAwait(false);
    }

    /// <summary>Starts a run the way Durable Functions' own start route does, <c>POST .../orchestrators/LoopOrchestrator[/{instanceId}]</c>:
    /// the body is the orchestration's input (<see cref="LoopRunInput"/>, <c>{"loop": "&lt;name&gt;", "input": ...}</c>)
    /// and is stored as sent, as the Functions app's extension stores it. 400 a body that is not such an object (or
    /// names a loop file), 404 unknown loop, 400 invalid loop file or instance id, 409 a live run has that id.</summary>
    public Task<HttpStartResult> StartOrchestrationAsync(string? instanceId, ReadOnlyMemory<byte> body, CancellationToken ct) =>
        StartOrchestrationAsync(instanceId, localCaller: false, body, ct);

    /// <summary>As <see cref="StartOrchestrationAsync(string?, ReadOnlyMemory{byte}, CancellationToken)"/>, saying
    /// whether the request came from this machine (the body's <c>repository</c> is checked as <c>?repo=</c> is).</summary>
    public async Task<HttpStartResult> StartOrchestrationAsync(string? instanceId, bool localCaller, ReadOnlyMemory<byte> body, CancellationToken ct)
    {
        var (json, error) = RequestJson.Parse(body);
        if (error is not null)
        {
            return HttpStartResult.Refused(TriggerResponse.BadRequest(error));
        }

        const string Shape = """the body of a LoopOrchestrator start is its input, a JSON object naming the loop: {"loop": "<name>", "input": <your input>}""";
        if (json is not { ValueKind: JsonValueKind.Object } stored)
        {
            return HttpStartResult.Refused(TriggerResponse.BadRequest(Shape));
        }

        LoopRunInput? run;
        try
        {
            run = stored.Deserialize<LoopRunInput>(LoopSerialization.Options);
        }
        catch (JsonException ex)
        {
            return HttpStartResult.Refused(TriggerResponse.BadRequest($"{Shape}; {ex.Message}"));
        }

        if (run is null || string.IsNullOrWhiteSpace(run.Loop) || run.IsLegacy || run.LegacyLoopName is not null)
        {
            // A loop file path is never taken from a caller: loops are found by name in the host's folder.
            return HttpStartResult.Refused(TriggerResponse.BadRequest(Shape));
        }

        var (definition, unknown) = Find(run.Loop);
        return unknown is not null
            ? HttpStartResult.Refused(unknown)
            : await LaunchAsync(definition!, new LoopStart(run.TriggeredBy ?? TriggerSource.Http, string.IsNullOrEmpty(instanceId) ? null : instanceId, run.Repository) { StoredInput = stored }, localCaller, ct).ConfigureAwait(false);
    }

    private (LoopDefinition? Definition, TriggerResponse? Error) Find(string loop)
    {
        var current = loops.Current;
        if (current.Loops.TryGetValue(loop, out var definition))
        {
            return (definition, null);
        }

        var invalid = current.Errors.Where(e => Path.GetFileNameWithoutExtension(e.File).Equals(loop, StringComparison.OrdinalIgnoreCase)).ToList();
        return (null, invalid.Count > 0
            ? TriggerResponse.BadRequest($"loop '{loop}' is invalid: {string.Join("; ", invalid)}")
            : TriggerResponse.NotFound($"no loop named '{loop}' in {current.Folder}; known loops: {string.Join(", ", current.Loops.Keys.Order(StringComparer.Ordinal))}"));
    }

    private async Task<HttpStartResult> LaunchAsync(LoopDefinition definition, LoopStart start, bool localCaller, CancellationToken ct)
    {
        if (start.Repository is { } repository && repositories?.Problem(repository, localCaller) is { } refused)
        {
            return HttpStartResult.Refused(TriggerResponse.BadRequest($"repo '{repository}' cannot be used (nothing was started or spent): {refused}."));
        }

        if (preflight is not null
            && await preflight.ProblemsAsync(definition, start.Repository, ct).ConfigureAwait(false) is { Count: > 0 } problems)
        {
            return HttpStartResult.Refused(TriggerResponse.BadRequest($"loop '{definition.Name}' cannot start on this host (nothing was started or spent): {string.Join(" ", problems)}"));
        }

        try
        {
            return HttpStartResult.Started(await launcher.StartAsync(definition, start, ct).ConfigureAwait(false));
        }
        catch (ArgumentException ex)
        {
            return HttpStartResult.Refused(TriggerResponse.BadRequest(ex.Message));
        }
        catch (OrchestrationAlreadyExistsException)
        {
            return HttpStartResult.Refused(TriggerResponse.Error(409, $"instance '{start.InstanceId}' is already running; choose another instanceId or wait for it to end"));
        }
    }
}
