using LoopFunctions.DurableTask.Hosting;
using LoopFunctions.DurableTask.Tests.TestSupport;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;

namespace LoopFunctions.DurableTask.Tests.Providers;

/// <summary>
/// The provider suite: the engine's behaviour through Microsoft.DurableTask orchestrators and activities and the
/// <see cref="Microsoft.DurableTask.Client.DurableTaskClient"/> only, run unchanged on each backend by a subclass.
/// </summary>
public abstract partial class ProviderTests : IAsyncLifetime
{
    private readonly List<IAsyncDisposable> _cleanup = [];

    /// <summary>A new, empty store (a hub name, a file path).</summary>
    protected abstract string NewStore();

    /// <summary>Selects the backend on <paramref name="store"/>; <paramref name="extendedSessions"/> null keeps the
    /// backend's default. Called again with the same store when a host restarts.</summary>
    protected abstract void UseBackend(IDurableEngineBuilder builder, string store, bool? extendedSessions);

    public Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        for (var i = _cleanup.Count - 1; i >= 0; i--)
        {
            await _cleanup[i].DisposeAsync();
        }
    }

    private protected async Task<TestHost> StartAsync(
        Action<DurableTaskRegistry> tasks,
        bool startWorker = true,
        bool? extendedSessions = null,
        Action<IServiceCollection>? services = null,
        Action<DurableEngineOptions>? options = null,
        string? store = null)
    {
        store ??= NewStore();
        var host = await TestHost.StartAsync(
            new TestHostSpec(b => UseBackend(b, store, extendedSessions), tasks) { Services = services, Options = options },
            startWorker);
        _cleanup.Add(host);
        return host;
    }

    /// <summary>Restarts <paramref name="host"/> as a new process on the same store; the new host is cleaned up too.</summary>
    private protected async Task<TestHost> RestartAsync(TestHost host, Action<DurableTaskRegistry>? newTasks = null)
    {
        _cleanup.Remove(host);
        var restarted = await host.RestartAsync(newTasks is null ? null : spec => spec with { Tasks = newTasks });
        _cleanup.Add(restarted);
        return restarted;
    }

    private static T Throw<T>(Exception exception) => throw exception;
}
