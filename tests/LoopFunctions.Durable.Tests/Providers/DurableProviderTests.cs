using LoopFunctions.Durable.Storage;
using LoopFunctions.Durable.Tests.TestSupport;

namespace LoopFunctions.Durable.Tests.Providers;

/// <summary>
/// The shared provider suite: every engine behaviour, run unchanged against each provider by a subclass.
/// </summary>
public abstract partial class DurableProviderTests : IAsyncLifetime
{
    private readonly List<IAsyncDisposable> _cleanup = [];

    /// <summary>A new, empty store.</summary>
    protected abstract IDurableStore CreateStore(TimeProvider? time = null);

    /// <summary>The same store as a restarted process would open it.</summary>
    protected abstract IDurableStore Reopen(IDurableStore store, TimeProvider? time = null);

    public Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        for (var i = _cleanup.Count - 1; i >= 0; i--)
        {
            await _cleanup[i].DisposeAsync();
        }
    }

    private protected async Task<TestHost> StartAsync(Action<DurableTaskRegistry> tasks, Action<DurableTaskOptions>? configure = null, TimeProvider? time = null, IDurableStore? store = null, bool startWorker = true)
    {
        store ??= CreateStore(time);
        var host = await TestHost.StartAsync(store, tasks, configure, time, startWorker);
        _cleanup.Add(host);
        return host;
    }

    private protected void RegisterCleanup(IAsyncDisposable disposable) => _cleanup.Add(disposable);
}
