using LoopFunctions.Loops.Agents.Transcripts;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace LoopFunctions.Host.Dashboard;

/// <summary><c>GET /api/dashboard/instances/{id}/transcript?iteration=N[&amp;from=OFFSET]</c>: an iteration's agent
/// transcript as JSON entries, from a byte offset on (a follower passes the <c>nextOffset</c> it got), with the
/// iterations that have one. Without <c>iteration</c>, the last iteration that has a transcript.</summary>
internal static class TranscriptEndpoint
{
    public static async Task<IResult> GetAsync(string id, int? iteration, long? from, DurableTaskClient client, ITranscriptStore transcripts, CancellationToken ct)
    {
        if (await client.GetInstanceAsync(id, cancellation: ct).ConfigureAwait(false) is null)
        {
            return ApiResults.NotFound($"no instance with id '{id}'");
        }

        if (iteration is < 0 || from is < 0)
        {
            return ApiResults.BadRequest("iteration and from must not be negative");
        }

        var iterations = await transcripts.IterationsAsync(id, ct).ConfigureAwait(false);
        var shown = iteration ?? (iterations.Count > 0 ? iterations[^1] : 0);
        var chunk = await transcripts.ReadAsync(id, shown, from ?? 0, ct).ConfigureAwait(false);
        return Results.Json(new { instanceId = id, iteration = shown, iterations, entries = chunk.Entries, nextOffset = chunk.NextOffset }, TranscriptLines.Options);
    }
}
