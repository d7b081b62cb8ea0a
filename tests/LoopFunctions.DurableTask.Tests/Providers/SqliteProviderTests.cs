using LoopFunctions.DurableTask.Hosting;

namespace LoopFunctions.DurableTask.Tests.Providers;

/// <summary>The provider suite on the embedded SQLite backend, each store a real file in a temp folder; a restart opens
/// the same file as the next process would.</summary>
public sealed class SqliteProviderTests : ProviderTests
{
    private readonly string _folder = Directory.CreateTempSubdirectory("loopfn-dt-sqlite-").FullName;
    private int _count;

    protected override string NewStore() => Path.Combine(_folder, $"store-{Interlocked.Increment(ref _count)}.db");

    protected override void UseBackend(IDurableEngineBuilder builder, string store, bool? extendedSessions) =>
        builder.UseSqlite(s =>
        {
            s.Path = store;
            s.MaxQueuePollingInterval = TimeSpan.FromMilliseconds(100);
            s.ExtendedSessionIdleTimeout = TimeSpan.FromSeconds(5);
            if (extendedSessions is { } sessions)
            {
                s.ExtendedSessionsEnabled = sessions;
            }
        });

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}
