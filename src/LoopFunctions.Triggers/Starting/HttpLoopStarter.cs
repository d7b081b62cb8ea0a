using DurableTask.Core.Exceptions;
using LoopFunctions.Loops.Activities;
using LoopFunctions.Loops.Definitions;
using LoopFunctions.Triggers.Catalog;
using LoopFunctions.Triggers.Http;
using Microsoft.Extensions.Options;

namespace LoopFunctions.Triggers.Starting;

/// <summary>The HTTP starter's logic (<c>POST /api/loops/{loop}[?instanceId=&amp;repo=]</c>, the body as the run's
/// input): which loop, whether its file is valid, whether this host can run it (<see cref="LoopPreflight"/>, when
/// the runner's settings are given), and the start itself.</summary>
public sealed class HttpLoopStarter(LoopFolder loops, LoopLauncher launcher, IOptions<LoopRunnerOptions>? runner = null)
{
    /// <summary>Starts a run of <paramref name="loop"/>: 404 unknown loop, 400 invalid loop file, body or instance
    /// id, or a run this host cannot start (each problem with its fix; nothing is scheduled or spent), 409 a live run
    /// has that id; otherwise the new run's id.</summary>
    public async Task<HttpStartResult> StartAsync(string loop, string? instanceId, string? repository, ReadOnlyMemory<byte> body, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(loop);
        var current = loops.Current;
        if (!current.Loops.TryGetValue(loop, out var definition))
        {
            var invalid = current.Errors.Where(e => Path.GetFileNameWithoutExtension(e.File).Equals(loop, StringComparison.OrdinalIgnoreCase)).ToList();
            return HttpStartResult.Refused(invalid.Count > 0
                ? TriggerResponse.BadRequest($"loop '{loop}' is invalid: {string.Join("; ", invalid)}")
                : TriggerResponse.NotFound($"no loop named '{loop}' in {current.Folder}; known loops: {string.Join(", ", current.Loops.Keys.Order(StringComparer.Ordinal))}"));
        }

        var (input, error) = RequestJson.Parse(body);
        if (error is not null)
        {
            return HttpStartResult.Refused(TriggerResponse.BadRequest(error));
        }

        if (runner is not null
            && await LoopPreflight.ProblemsAsync(definition, string.IsNullOrEmpty(repository) ? null : repository, runner.Value, ct).ConfigureAwait(false) is { Count: > 0 } problems)
        {
            return HttpStartResult.Refused(TriggerResponse.BadRequest($"loop '{loop}' cannot start on this host (nothing was started or spent): {string.Join(" ", problems)}"));
        }

        try
        {
            var id = await launcher.StartAsync(definition, new LoopStart("http", string.IsNullOrEmpty(instanceId) ? null : instanceId, string.IsNullOrEmpty(repository) ? null : repository, input?.GetRawText()), ct).ConfigureAwait(false);
            return HttpStartResult.Started(id);
        }
        catch (ArgumentException ex)
        {
            return HttpStartResult.Refused(TriggerResponse.BadRequest(ex.Message));
        }
        catch (OrchestrationAlreadyExistsException)
        {
            return HttpStartResult.Refused(TriggerResponse.Error(409, $"instance '{instanceId}' is already running; choose another instanceId or wait for it to end"));
        }
    }
}
