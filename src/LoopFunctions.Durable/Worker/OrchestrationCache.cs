using LoopFunctions.Durable.Core;

namespace LoopFunctions.Durable.Worker;

/// <summary>
/// Keeps recently run instances in memory (Durable Functions calls this extended sessions), least recently used
/// evicted first. An entry is only reused when the store's history count matches, so a write by another worker
/// invalidates it.
/// </summary>
internal sealed class OrchestrationCache(int capacity)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, LinkedListNode<OrchestrationRuntime>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<OrchestrationRuntime> _lru = new();

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Removes and returns the entry when it is still in step with the store.</summary>
    public OrchestrationRuntime? TryTake(string instanceId, string executionId, int historyCount)
    {
        lock (_lock)
        {
            if (!_entries.Remove(instanceId, out var node))
            {
                return null;
            }

            _lru.Remove(node);
            var runtime = node.Value;
            return runtime.ExecutionId == executionId && runtime.HistoryCount == historyCount ? runtime : null;
        }
    }

    public void Put(OrchestrationRuntime runtime)
    {
        if (capacity == 0)
        {
            return;
        }

        lock (_lock)
        {
            if (_entries.Remove(runtime.InstanceId, out var old))
            {
                _lru.Remove(old);
            }

            _entries[runtime.InstanceId] = _lru.AddFirst(runtime);
            while (_entries.Count > capacity)
            {
                var last = _lru.Last!;
                _lru.RemoveLast();
                _entries.Remove(last.Value.InstanceId);
            }
        }
    }
}
