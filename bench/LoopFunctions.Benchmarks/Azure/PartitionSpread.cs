using System.Diagnostics;
using System.Text.Json.Nodes;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace LoopFunctions.Benchmarks.Azure;

/// <summary>
/// Waits until every worker owns a partition. The first worker up takes all of them and the others steal theirs
/// within a few lease-acquire intervals; a run measured before that has its partitions move mid-run, each move
/// stranding the messages the old owner had dequeued for the control queue's visibility timeout. A bench measures
/// the steady state; what a move costs is what the scale-out test measures.
/// </summary>
internal static class PartitionSpread
{
    private const int Partitions = 4;

    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    /// <summary>Polls the ownership lease blobs (<c>{hub}-leases/ownership/{hub}-control-NN</c>, their <c>Owner</c>)
    /// until each of <paramref name="workers"/> (worker ids) owns one, or all partitions have an owner when there are
    /// more workers than partitions; after <see cref="Deadline"/> it says so on stderr and returns.</summary>
    public static async Task WaitAsync(string connectionString, string hub, IReadOnlyList<string> workers)
    {
        var lower = hub.ToLowerInvariant();
        var container = new BlobServiceClient(connectionString).GetBlobContainerClient(lower + "-leases");
        var clock = Stopwatch.StartNew();
        string?[] owners = [];
        while (true)
        {
            owners = await Task.WhenAll(Enumerable.Range(0, Partitions).Select(p => OwnerAsync(container.GetBlobClient($"ownership/{lower}-control-{p:D2}"))));
            var spread = workers.Count <= Partitions ? workers.All(owners.Contains) : owners.All(o => o is not null);
            if (spread)
            {
                await Console.Error.WriteLineAsync($"partitions spread over {workers.Count} worker(s) after {clock.Elapsed.TotalSeconds:F1} s");
                return;
            }

            if (clock.Elapsed > Deadline)
            {
                // Under heavy load the spread can take longer; the run then measures the moves as well.
                await Console.Error.WriteLineAsync($"partitions not spread over the workers [{string.Join(", ", workers)}] within {Deadline}: owners [{string.Join(", ", owners)}]; going on");
                return;
            }

            await Task.Delay(250);
        }
    }

    private static async Task<string?> OwnerAsync(BlobClient blob)
    {
        try
        {
            var properties = await blob.GetPropertiesAsync();
            if (properties.Value.LeaseState != LeaseState.Leased)
            {
                return null;
            }

            var content = (await blob.DownloadContentAsync()).Value.Content.ToString();
            return JsonNode.Parse(content)?["Owner"]?.GetValue<string>();
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }
}
