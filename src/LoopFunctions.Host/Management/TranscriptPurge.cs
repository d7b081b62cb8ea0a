using LoopFunctions.Loops.Agents.Transcripts;
using Microsoft.DurableTask.Client;

namespace LoopFunctions.Host.Management;

/// <summary>Transcripts are kept and purged with their instance: the purge endpoints delete those of every instance
/// whose history they deleted.</summary>
internal static class TranscriptPurge
{
    /// <summary>The ids of the instances <paramref name="filter"/> covers, read before a purge by filter (whose answer
    /// is only a count).</summary>
    public static async Task<IReadOnlyList<string>> CandidatesAsync(DurableTaskClient client, PurgeInstancesFilter filter, CancellationToken cancellationToken)
    {
        var query = new OrchestrationQuery(filter.CreatedFrom, filter.CreatedTo, filter.Statuses);
        var ids = new List<string>();
        await foreach (var instance in client.GetAllInstancesAsync(query).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            ids.Add(instance.InstanceId);
        }

        return ids;
    }

    /// <summary>Deletes the transcripts of those of <paramref name="ids"/> that no longer exist (a live instance the
    /// filter matched was not purged, and keeps its transcript).</summary>
    public static async Task DeleteGoneAsync(DurableTaskClient client, ITranscriptStore transcripts, IEnumerable<string> ids, CancellationToken cancellationToken)
    {
        foreach (var id in ids)
        {
            if (await client.GetInstanceAsync(id, cancellation: cancellationToken).ConfigureAwait(false) is null)
            {
                await transcripts.DeleteAsync(id, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
