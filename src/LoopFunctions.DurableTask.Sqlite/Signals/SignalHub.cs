using System.Collections.Concurrent;

namespace LoopFunctions.DurableTask.Sqlite.Signals;

/// <summary>
/// The in-process wake-ups of one task hub in one file, shared by every service object of this process on it (so
/// two workers in one process wake each other as one does itself). Work written by other processes is found by the
/// waiters' bounded polls instead.
/// </summary>
internal sealed class SignalHub
{
    private static readonly ConcurrentDictionary<string, SignalHub> Hubs = new(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<string, AsyncPulse> _instances = new(StringComparer.Ordinal);

    /// <summary>Orchestration work may be visible: inbox rows were written or an instance was unlocked.</summary>
    public AsyncPulse Orchestrations { get; } = new();

    /// <summary>Entity work may be visible (inbox rows for an '@' instance, or one unlocked): the entity dispatcher's
    /// fetch waits on this one, so entity traffic never wakes the orchestration fetch and the reverse.</summary>
    public AsyncPulse Entities { get; } = new();

    /// <summary>Activity work may be visible.</summary>
    public AsyncPulse Activities { get; } = new();

    /// <summary>Some instance reached a terminal state (for waiting clients).</summary>
    public AsyncPulse Completions { get; } = new();

    /// <summary>The dispatcher wake-up for an instance: <see cref="Entities"/> for '@' ids, else <see cref="Orchestrations"/>.</summary>
    public AsyncPulse QueueOf(string instanceId) =>
        global::DurableTask.Core.Common.Entities.IsEntityInstance(instanceId) ? Entities : Orchestrations;

    public static SignalHub For(string fullPath, string hub) => Hubs.GetOrAdd(fullPath + "\n" + hub, _ => new SignalHub());

    /// <summary>The wake-up of one instance's session waiter (messages stored for it).</summary>
    public Task NextForInstance(string instanceId) => _instances.GetOrAdd(instanceId, _ => new AsyncPulse()).Next;

    /// <summary>Forgets an instance's wake-up once no session waits on it.</summary>
    public void ForgetInstance(string instanceId) => _instances.TryRemove(instanceId, out _);

    /// <summary>Wakes the instance's session waiter; false when no session of this process waits on it.</summary>
    public bool PulseInstance(string instanceId)
    {
        if (_instances.TryGetValue(instanceId, out var pulse))
        {
            pulse.Pulse();
            return true;
        }

        return false;
    }

    public bool HasInstanceWaiter(string instanceId) => _instances.ContainsKey(instanceId);
}
