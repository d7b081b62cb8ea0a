using Azure.Storage.Blobs;
using LoopFunctions.DurableTask.Tests.TestSupport;
using LoopFunctions.Loops.Agents.Transcripts;

namespace LoopFunctions.Loops.Tests.Agents.Transcripts;

/// <summary>The Blob Storage store against Azurite over real HTTP: append blobs read from an offset while they grow,
/// the iterations of an instance, and a purge that deletes one instance's blobs only.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class BlobTranscriptStoreTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task AppendAndRead_FollowedFromAnOffset_ReturnsEachEntryOnce()
    {
        var store = Store();
        Assert.Empty((await store.ReadAsync("run/1", 1, 0, CancellationToken.None)).Entries);
        Assert.Equal(0, await store.LengthAsync("run/1", 1, CancellationToken.None));

        await using (var writer = await TranscriptWriter.OpenAsync(store, "run/1", 1, SecretMasker.Shapes))
        {
            writer.Output("one");
        }

        var first = await store.ReadAsync("run/1", 1, 0, CancellationToken.None);
        await store.AppendAsync("run/1", 1, FileTranscriptStoreTests.Line(TranscriptKind.ToolCall, "{}", "edit_file"), CancellationToken.None);
        var second = await store.ReadAsync("run/1", 1, first.NextOffset, CancellationToken.None);
        var after = await store.ReadAsync("run/1", 1, second.NextOffset, CancellationToken.None);

        Assert.Equal("one", Assert.Single(first.Entries).Text);
        Assert.Equal("edit_file", Assert.Single(second.Entries).Tool);
        Assert.Empty(after.Entries);
        Assert.Equal(second.NextOffset, await store.LengthAsync("run/1", 1, CancellationToken.None));
    }

    [Fact]
    public async Task DeleteAsync_OneInstance_LeavesTheOthers()
    {
        var store = Store();
        await store.AppendAsync("purged", 1, FileTranscriptStoreTests.Line(TranscriptKind.Output, "a"), CancellationToken.None);
        await store.AppendAsync("purged", 2, FileTranscriptStoreTests.Line(TranscriptKind.Output, "b"), CancellationToken.None);
        await store.AppendAsync("purged-not", 1, FileTranscriptStoreTests.Line(TranscriptKind.Output, "c"), CancellationToken.None);
        Assert.Equal([1, 2], await store.IterationsAsync("purged", CancellationToken.None));

        await store.DeleteAsync("purged", CancellationToken.None);

        Assert.Empty(await store.IterationsAsync("purged", CancellationToken.None));
        Assert.Equal([1], await store.IterationsAsync("purged-not", CancellationToken.None));
    }

    [Fact]
    public async Task AppendAsync_AttemptStreams_EachIsABlobOfItsOwnReadWithItsAttempt()
    {
        var store = Store();
        await store.AppendAsync("run/2", new TranscriptStream(1, 2), FileTranscriptStoreTests.Line(TranscriptKind.Output, "b"), CancellationToken.None);
        await store.AppendAsync("run/2", 1, FileTranscriptStoreTests.Line(TranscriptKind.Output, "own"), CancellationToken.None);
        await store.AppendAsync("run/2", new TranscriptStream(1, 1), FileTranscriptStoreTests.Line(TranscriptKind.Output, "a"), CancellationToken.None);

        Assert.Equal([new TranscriptStream(1), new(1, 1), new(1, 2)], await store.StreamsAsync("run/2", CancellationToken.None));
        Assert.Equal([1], await store.IterationsAsync("run/2", CancellationToken.None));
        var b = Assert.Single((await store.ReadAsync("run/2", new TranscriptStream(1, 2), 0, CancellationToken.None)).Entries);
        Assert.Equal(((int?)2, "b"), (b.Attempt, b.Text));
        Assert.Null(Assert.Single((await store.ReadAsync("run/2", 1, 0, CancellationToken.None)).Entries).Attempt);
        await store.DeleteAsync("run/2", CancellationToken.None);
        Assert.Empty(await store.StreamsAsync("run/2", CancellationToken.None));
    }

    [Fact]
    public void ContainerName_HubName_IsAValidContainerOfThatHub()
    {
        Assert.Equal("loopfnhub-transcripts", BlobTranscriptStore.ContainerName("LoopFnHub"));
    }

    private BlobTranscriptStore Store() =>
        new(new BlobContainerClient(azurite.ConnectionString, BlobTranscriptStore.ContainerName("t" + Guid.NewGuid().ToString("N")[..12])));
}
