using DurableTask.Core.Exceptions;
using LoopFunctions.Triggers.Catalog;
using LoopFunctions.Triggers.Http;

namespace LoopFunctions.Triggers.Starting;

/// <summary>The HTTP starter's logic (<c>POST /api/loops/{loop}[?instanceId=&amp;repo=]</c>, the body as the run's
/// input): which loop, whether its file is valid, and the start itself.</summary>
public sealed class HttpLoopStarter(LoopFolder loops, LoopLauncher launcher)
{
    /// <summary>Starts a run of <paramref name="loop"/>: 404 unknown loop, 400 invalid loop file, body or instance
    /// id, 409 a live run has that id; otherwise the new run's id.</summary>
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
