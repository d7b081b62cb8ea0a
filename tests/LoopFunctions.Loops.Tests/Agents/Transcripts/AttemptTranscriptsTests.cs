using LoopFunctions.Loops.Agents.Transcripts;

namespace LoopFunctions.Loops.Tests.Agents.Transcripts;

/// <summary>Transcripts of <c>agent.attempts</c> on a real store folder: each attempt of an iteration writes a stream
/// of its own, keyed by the attempt, while a run without attempts keeps its one file per iteration as before; readers
/// get every entry once with the attempt it came from; secrets are masked in every stream.</summary>
public sealed class AttemptTranscriptsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("loopfn-attempt-transcripts-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory]
    [InlineData(3, null, "3.jsonl")]
    [InlineData(3, 2, "3-attempt-2.jsonl")]
    [InlineData(0, 1, "0-attempt-1.jsonl")]
    public void FileName_Stream_NamesItAndParsesBack(int iteration, int? attempt, string name)
    {
        var stream = new TranscriptStream(iteration, attempt);

        Assert.Equal(name, stream.FileName);
        Assert.Equal(stream, TranscriptStream.Parse(name));
        Assert.Equal(iteration, TranscriptLines.Iteration(name));
    }

    [Theory]
    [InlineData("3.json")]
    [InlineData("x.jsonl")]
    [InlineData("3-attempt-0.jsonl")]
    [InlineData("3-attempt-.jsonl")]
    [InlineData("-1.jsonl")]
    [InlineData("3-attempt-2-attempt-1.jsonl")]
    public void Parse_AnotherName_IsNoStream(string name)
    {
        Assert.Null(TranscriptStream.Parse(name));
    }

    [Fact]
    public async Task OpenAsync_ThreeAttemptsWritingAtOnce_EachHasItsOwnStreamAndTheOwnStreamIsUnchanged()
    {
        var store = new FileTranscriptStore(_root);
        const string Key = "attempt-secret-key-0123456789";
        await using (var single = await TranscriptWriter.OpenAsync(store, "run", 1, SecretMasker.Shapes))
        {
            single.Output("iteration one, a single step");
        }

        var writers = await Task.WhenAll(new[] { 1, 2, 3 }.Select(n => TranscriptWriter.OpenAsync(store, "run", new TranscriptStream(2, n), new SecretMasker([Key]))));
        foreach (var (writer, n) in writers.Select((w, i) => (w, i + 1)))
        {
            writer.Output($"attempt {n} uses {Key}");
            writer.ToolCall("edit_file", $"{{\"attempt\": {n}}}");
        }

        foreach (var writer in writers)
        {
            await writer.DisposeAsync();
        }

        var folder = Directory.GetDirectories(_root).Single();
        Assert.Equal(["1.jsonl", "2-attempt-1.jsonl", "2-attempt-2.jsonl", "2-attempt-3.jsonl"], Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal([new TranscriptStream(1), new(2, 1), new(2, 2), new(2, 3)], await store.StreamsAsync("run", CancellationToken.None));
        Assert.Equal([1, 2], await store.IterationsAsync("run", CancellationToken.None));
        // The run without attempts: the same line as ever, no attempt in it.
        var own = await File.ReadAllTextAsync(Path.Combine(folder, "1.jsonl"));
        Assert.DoesNotContain("attempt", own, StringComparison.Ordinal);
        var ownEntry = Assert.Single((await store.ReadAsync("run", 1, 0, CancellationToken.None)).Entries);
        Assert.Equal(own, System.Text.Encoding.UTF8.GetString(TranscriptLines.Serialize(ownEntry)));
        Assert.Null(ownEntry.Attempt);
        foreach (var n in new[] { 1, 2, 3 })
        {
            var raw = await File.ReadAllTextAsync(Path.Combine(folder, $"2-attempt-{n}.jsonl"));
            Assert.DoesNotContain(Key, raw, StringComparison.Ordinal);
            var entries = (await store.ReadAsync("run", new TranscriptStream(2, n), 0, CancellationToken.None)).Entries;
            Assert.Equal([$"attempt {n} uses ***", $"{{\"attempt\": {n}}}"], entries.Select(e => e.Text));
            Assert.All(entries, e => Assert.Equal(n, e.Attempt));
        }
    }

    [Fact]
    public async Task OpenAsync_AttemptRetried_TheRetryIsMarkedInItsOwnStreamOnly()
    {
        var store = new FileTranscriptStore(_root);
        foreach (var _ in new[] { 1, 2 })
        {
            await using var writer = await TranscriptWriter.OpenAsync(store, "retried", new TranscriptStream(1, 2), SecretMasker.Shapes);
            writer.Output("try");
        }

        await using (var sibling = await TranscriptWriter.OpenAsync(store, "retried", new TranscriptStream(1, 1), SecretMasker.Shapes))
        {
            Assert.Equal(1, sibling.Attempt);
            sibling.Output("first try of attempt 1");
        }

        var retried = (await store.ReadAsync("retried", new TranscriptStream(1, 2), 0, CancellationToken.None)).Entries;
        Assert.Equal([TranscriptKind.Output, TranscriptKind.Attempt, TranscriptKind.Output], retried.Select(e => e.Kind));
        Assert.DoesNotContain((await store.ReadAsync("retried", new TranscriptStream(1, 1), 0, CancellationToken.None)).Entries, e => e.Kind == TranscriptKind.Attempt);
    }

    [Fact]
    public async Task NextAsync_AttemptsFollowed_EveryEntryOnceWithItsAttempt()
    {
        var store = new FileTranscriptStore(_root);
        await store.AppendAsync("followed", 1, FileTranscriptStoreTests.Line(TranscriptKind.Output, "single"), CancellationToken.None);
        await store.AppendAsync("followed", new TranscriptStream(2, 2), FileTranscriptStoreTests.Line(TranscriptKind.Output, "b1"), CancellationToken.None);
        await store.AppendAsync("followed", new TranscriptStream(2, 1), FileTranscriptStoreTests.Line(TranscriptKind.Output, "a1"), CancellationToken.None);
        var cursor = new TranscriptCursor(store, "followed");
        var onlyTwo = new TranscriptCursor(store, "followed", 2);

        var first = await cursor.NextAsync(CancellationToken.None);
        await store.AppendAsync("followed", new TranscriptStream(2, 2), FileTranscriptStoreTests.Line(TranscriptKind.Output, "b2"), CancellationToken.None);
        await store.AppendAsync("followed", new TranscriptStream(2, 3), FileTranscriptStoreTests.Line(TranscriptKind.Output, "c1"), CancellationToken.None);
        var second = await cursor.NextAsync(CancellationToken.None);

        Assert.Equal([(1, null, "single"), (2, 1, "a1"), (2, 2, "b1")], first.Select(e => (e.Iteration, e.Entry.Attempt, e.Entry.Text)));
        Assert.Equal([(2, 2, "b2"), (2, 3, "c1")], second.Select(e => (e.Iteration, e.Entry.Attempt, e.Entry.Text)));
        Assert.Equal(["a1", "b1", "b2", "c1"], (await onlyTwo.NextAsync(CancellationToken.None)).Select(e => e.Entry.Text));
        Assert.Empty(await cursor.NextAsync(CancellationToken.None));
    }
}
