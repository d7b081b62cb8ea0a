using LoopFunctions.Loops.Agents.Transcripts;

namespace LoopFunctions.Loops.Tests.Agents.Transcripts;

/// <summary>The writer of one step's transcript on a real store folder: what it writes can be read while the step
/// still runs, secrets are masked before anything is stored, the iteration is capped with one truncation entry, and
/// a retried attempt is marked instead of mixing with the first.</summary>
public sealed class TranscriptWriterTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private readonly string _root = Directory.CreateTempSubdirectory("loopfn-transcripts-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Write_WhileOpen_IsReadableBeforeTheStepEnds()
    {
        var store = new FileTranscriptStore(_root);
        await using var writer = await TranscriptWriter.OpenAsync(store, "live", 1, SecretMasker.Shapes);

        writer.Output("compiling");
        var entries = await PollAsync(store, "live", 1, 1);

        Assert.Equal((TranscriptKind.Output, "compiling"), (entries[0].Kind, entries[0].Text));
        Assert.Equal(1, writer.Attempt);
    }

    [Fact]
    public async Task Write_SecretValuesAndTokenShapes_AreMaskedBeforeStoring()
    {
        var store = new FileTranscriptStore(_root);
        const string Key = "my-very-own-api-key-123";
        await using (var writer = await TranscriptWriter.OpenAsync(store, "masked", 1, new SecretMasker([Key, "1", null])))
        {
            writer.Output($"using key {Key} for 1 call");
            writer.Stderr("Authorization: Bearer abcdef0123456789abcdef");
            writer.ToolCall("run_command", "{\"env\":\"OPENAI_API_KEY=sk-proj-abcdefghijklmnopqrstuvwxyz012345\"}");
            writer.Message("pushed with ghp_0123456789abcdefghijABCDEFGHIJ012345 to https://bot:hunter2secret@github.com/o/r");
            writer.Message("AccountKey=Eby8vdM02xNOcqFlqUwJ/K1SZ==;BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1");
        }

        var text = await File.ReadAllTextAsync(Directory.GetFiles(_root, "*.jsonl", SearchOption.AllDirectories).Single());
        foreach (var secret in new[] { Key, "abcdef0123456789abcdef", "sk-proj-abcdefghijklmnopqrstuvwxyz012345", "ghp_0123456789abcdefghijABCDEFGHIJ012345", "hunter2secret", "Eby8vdM02xNOcqFlqUwJ" })
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }

        var entries = (await store.ReadAsync("masked", 1, 0, CancellationToken.None)).Entries;
        Assert.Equal("using key *** for 1 call", entries[0].Text);
        Assert.Contains("https://bot:***@github.com/o/r", entries[3].Text, StringComparison.Ordinal);
        Assert.Contains("http://127.0.0.1:10000/devstoreaccount1", entries[4].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_PastTheCap_KeepsOneTruncationEntryAndStaysUnderTheCap()
    {
        var store = new FileTranscriptStore(_root);
        const int Cap = 8 * 1024;
        await using (var writer = await TranscriptWriter.OpenAsync(store, "capped", 2, SecretMasker.Shapes, Cap))
        {
            for (var i = 0; i < 500; i++)
            {
                writer.Output($"line {i} of a chatty agent");
            }
        }

        var entries = (await store.ReadAsync("capped", 2, 0, CancellationToken.None)).Entries;
        Assert.True(await store.LengthAsync("capped", 2, CancellationToken.None) <= Cap);
        Assert.Equal(TranscriptKind.Truncated, entries[^1].Kind);
        Assert.Single(entries, e => e.Kind == TranscriptKind.Truncated);
        Assert.Equal("line 0 of a chatty agent", entries[0].Text);
    }

    [Fact]
    public async Task OpenAsync_IterationAlreadyWritten_MarksTheNextAttempts()
    {
        var store = new FileTranscriptStore(_root);
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            await using var writer = await TranscriptWriter.OpenAsync(store, "retried", 1, SecretMasker.Shapes);
            Assert.Equal(attempt, writer.Attempt);
            writer.Output($"try {attempt}");
        }

        var entries = (await store.ReadAsync("retried", 1, 0, CancellationToken.None)).Entries;
        Assert.Equal(["try 1", "attempt 2", "try 2", "attempt 3", "try 3"], entries.Select(e => e.Text));
        Assert.Equal([TranscriptKind.Attempt, TranscriptKind.Attempt], entries.Where(e => e.Text.StartsWith("attempt", StringComparison.Ordinal)).Select(e => e.Kind));
    }

    [Fact]
    public async Task Write_HugeEntry_IsCutInTheMiddle()
    {
        var store = new FileTranscriptStore(_root);
        await using (var writer = await TranscriptWriter.OpenAsync(store, "huge", 1, SecretMasker.Shapes))
        {
            writer.ToolResult("read_file", "BEGIN" + new string('x', 100_000) + "END");
        }

        var entry = Assert.Single((await store.ReadAsync("huge", 1, 0, CancellationToken.None)).Entries);
        Assert.StartsWith("BEGIN", entry.Text, StringComparison.Ordinal);
        Assert.EndsWith("END", entry.Text, StringComparison.Ordinal);
        Assert.Contains("characters cut", entry.Text, StringComparison.Ordinal);
        Assert.True(entry.Text.Length < TranscriptWriter.MaxEntryChars + 100);
    }

    internal static async Task<IReadOnlyList<TranscriptEntry>> PollAsync(ITranscriptStore store, string instance, int iteration, int count)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (true)
        {
            var entries = (await store.ReadAsync(instance, iteration, 0, CancellationToken.None)).Entries;
            if (entries.Count >= count || DateTime.UtcNow > deadline)
            {
                return entries;
            }

            await Task.Delay(20);
        }
    }
}
