namespace LoopFunctions.Triggers.Webhooks;

/// <summary>The most recent webhook delivery ids, so a redelivered event is answered without acting twice.</summary>
/// <remarks>In memory and bounded: it covers GitHub's retries and manual redeliveries within a host's life. Across
/// restarts and hosts, the deterministic instance ids are what keep one pull request to one live run.</remarks>
public sealed class DeliveryLog(int capacity = 10_000)
{
    private readonly Lock _gate = new();
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    /// <summary>Records the id; false when it was already recorded.</summary>
    public bool TryRecord(string deliveryId)
    {
        lock (_gate)
        {
            if (!_seen.Add(deliveryId))
            {
                return false;
            }

            _order.Enqueue(deliveryId);
            if (_order.Count > capacity)
            {
                _seen.Remove(_order.Dequeue());
            }

            return true;
        }
    }

    /// <summary>Forgets an id whose handling failed, so the sender's retry is acted on.</summary>
    public void Forget(string deliveryId)
    {
        lock (_gate)
        {
            _seen.Remove(deliveryId);
        }
    }
}
