using System.Globalization;
using LoopFunctions.Loops.Agents.Transcripts;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace LoopFunctions.Host.Dashboard;

/// <summary><c>GET /api/dashboard/instances/{id}/transcript?iteration=N[&amp;from=OFFSET]</c>: an iteration's agent
/// transcript as JSON entries, from a byte offset on (a follower passes the <c>nextOffset</c> it got), with the
/// iterations that have one. Without <c>iteration</c>, the last iteration that has a transcript.</summary>
/// <remarks>With <c>agent.attempts</c> the iteration has one stream per attempt: their entries come attempt after
/// attempt, each with its <c>attempt</c>, and the offset is one per attempt (<c>1:120,2:88</c>), passed back as it came.
/// An iteration without attempts reads exactly as before: one stream, a number as its offset.</remarks>
internal static class TranscriptEndpoint
{
    public static async Task<IResult> GetAsync(string id, int? iteration, string? from, DurableTaskClient client, ITranscriptStore transcripts, CancellationToken ct)
    {
        if (await client.GetInstanceAsync(id, cancellation: ct).ConfigureAwait(false) is null)
        {
            return ApiResults.NotFound($"no instance with id '{id}'");
        }

        if (iteration is < 0 || Offsets(from) is not { } offsets)
        {
            return ApiResults.BadRequest("iteration and from must not be negative");
        }

        var iterations = await transcripts.IterationsAsync(id, ct).ConfigureAwait(false);
        var shown = iteration ?? (iterations.Count > 0 ? iterations[^1] : 0);
        var attempts = (await transcripts.StreamsAsync(id, ct).ConfigureAwait(false)).Where(s => s.Iteration == shown && s.Attempt is not null).ToList();
        if (attempts.Count == 0)
        {
            var chunk = await transcripts.ReadAsync(id, shown, offsets.GetValueOrDefault(0), ct).ConfigureAwait(false);
            return Results.Json(new { instanceId = id, iteration = shown, iterations, entries = chunk.Entries, nextOffset = chunk.NextOffset }, TranscriptLines.Options);
        }

        var entries = new List<TranscriptEntry>();
        var next = new List<string>();
        foreach (var stream in attempts)
        {
            var attempt = stream.Attempt!.Value;
            var chunk = await transcripts.ReadAsync(id, stream, offsets.GetValueOrDefault(attempt), ct).ConfigureAwait(false);
            entries.AddRange(chunk.Entries);
            next.Add(string.Create(CultureInfo.InvariantCulture, $"{attempt}:{chunk.NextOffset}"));
        }

        return Results.Json(new { instanceId = id, iteration = shown, iterations, entries, nextOffset = string.Join(',', next) }, TranscriptLines.Options);
    }

    /// <summary>The offsets a follower passed, by attempt (0: the iteration's own stream); null when malformed.</summary>
    private static Dictionary<int, long>? Offsets(string? from)
    {
        var offsets = new Dictionary<int, long>();
        if (string.IsNullOrEmpty(from))
        {
            return offsets;
        }

        if (long.TryParse(from, NumberStyles.None, CultureInfo.InvariantCulture, out var single))
        {
            offsets[0] = single;
            return offsets;
        }

        foreach (var part in from.Split(','))
        {
            if (part.Split(':') is not [var a, var o]
                || !int.TryParse(a, NumberStyles.None, CultureInfo.InvariantCulture, out var attempt)
                || !long.TryParse(o, NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
            {
                return null;
            }

            offsets[attempt] = offset;
        }

        return offsets;
    }
}
