using System.Text;
using LoopFunctions.Loops.Agents.Transcripts;

namespace LoopFunctions.Loops.Tests.Agents.Transcripts;

/// <summary>The file store on a real folder: lines appended are read from an offset (a follower's), a line still
/// being written is left for the next read, any instance id gets a folder of its own inside the store, and a purge
/// deletes the instance's transcripts only.</summary>
public sealed class FileTranscriptStoreTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("loopfn-transcripts-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task ReadAsync_FromTheNextOffset_ReturnsOnlyNewCompleteEntries()
    {
        var store = new FileTranscriptStore(Path.Combine(_root, "transcripts"));
        await store.AppendAsync("run-1", 1, Line(TranscriptKind.Output, "first"), CancellationToken.None);

        var first = await store.ReadAsync("run-1", 1, 0, CancellationToken.None);
        await store.AppendAsync("run-1", 1, Line(TranscriptKind.ToolCall, "{\"path\":\"a\"}", "write_file"), CancellationToken.None);
        await store.AppendAsync("run-1", 1, Encoding.UTF8.GetBytes("{\"time\":\"2026-12-07T00:00:00Z\",\"kind\":\"out"), CancellationToken.None);
        var second = await store.ReadAsync("run-1", 1, first.NextOffset, CancellationToken.None);

        Assert.Equal("first", Assert.Single(first.Entries).Text);
        var call = Assert.Single(second.Entries);
        Assert.Equal((TranscriptKind.ToolCall, "write_file"), (call.Kind, call.Tool));
        Assert.True(second.NextOffset < await store.LengthAsync("run-1", 1, CancellationToken.None));
        Assert.Empty((await store.ReadAsync("run-1", 1, second.NextOffset, CancellationToken.None)).Entries);
    }

    [Fact]
    public async Task AppendAsync_InstanceIdWithPathCharacters_StaysInsideTheStoreFolder()
    {
        var folder = Path.Combine(_root, "transcripts");
        var store = new FileTranscriptStore(folder);

        await store.AppendAsync("../../escape/x", 3, Line(TranscriptKind.Message, "hi"), CancellationToken.None);

        var file = Assert.Single(Directory.GetFiles(_root, "*.jsonl", SearchOption.AllDirectories));
        Assert.StartsWith(folder + Path.DirectorySeparatorChar, file, StringComparison.Ordinal);
        Assert.Equal("3.jsonl", Path.GetFileName(file));
        Assert.Equal([3], await store.IterationsAsync("../../escape/x", CancellationToken.None));
    }

    [Fact]
    public async Task DeleteAsync_OneInstance_LeavesTheOthersAndReadsEmptyAfter()
    {
        var store = new FileTranscriptStore(Path.Combine(_root, "transcripts"));
        await store.AppendAsync("gone", 1, Line(TranscriptKind.Output, "a"), CancellationToken.None);
        await store.AppendAsync("gone", 2, Line(TranscriptKind.Output, "b"), CancellationToken.None);
        await store.AppendAsync("kept", 1, Line(TranscriptKind.Output, "c"), CancellationToken.None);

        await store.DeleteAsync("gone", CancellationToken.None);
        await store.DeleteAsync("never-written", CancellationToken.None);

        Assert.Empty(await store.IterationsAsync("gone", CancellationToken.None));
        Assert.Empty((await store.ReadAsync("gone", 1, 0, CancellationToken.None)).Entries);
        Assert.Equal(0, await store.LengthAsync("gone", 1, CancellationToken.None));
        Assert.Equal([1], await store.IterationsAsync("kept", CancellationToken.None));
    }

    [Fact]
    public void ForWorkRoot_WorkspacesBesideTheStore_IsTheTranscriptsFolderBesideThem()
    {
        var store = FileTranscriptStore.ForWorkRoot(Path.Combine(_root, "workspaces") + "/");

        Assert.Equal(Path.Combine(_root, "transcripts"), store.Folder);
    }

    internal static byte[] Line(TranscriptKind kind, string text, string? tool = null) =>
        TranscriptLines.Serialize(new TranscriptEntry(DateTimeOffset.UtcNow, kind, text, tool));
}
