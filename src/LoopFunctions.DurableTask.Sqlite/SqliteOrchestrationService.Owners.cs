using LoopFunctions.DurableTask.Sqlite.Locking;

namespace LoopFunctions.DurableTask.Sqlite;

/// <summary>
/// Dead-owner detection: every worker registers its process in <c>owners</c>; a worker checks, every
/// <see cref="SqliteOrchestrationServiceSettings.DeadOwnerCheckInterval"/>, the other owners on its host, and when one's
/// process is gone it expires that owner's locks and leases at once (its work is then delivered again, counted as a
/// failed delivery). The check is a read of a tiny table; the takeover is the only write, and only when someone died.
/// </summary>
public sealed partial class SqliteOrchestrationService
{
    private async Task WatchOwnersAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Settings.DeadOwnerCheckInterval, _time, stopping).ConfigureAwait(false);
                var owners = _store.Read(db =>
                {
                    var list = new List<string>();
                    using var reader = db.Query("SELECT owner FROM owners WHERE host = $host AND owner <> $me",
                        ("$host", ProcessIdentity.CurrentHost), ("$me", _owner));
                    while (reader.Read())
                    {
                        list.Add(reader.GetString(0));
                    }

                    return list;
                });
                foreach (var dead in owners.Where(ProcessIdentity.IsDead))
                {
                    await TakeOverAsync(dead).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException and not ObjectDisposedException)
            {
                Log.OwnerCheckFailed(_logger, ex);
            }
            catch (ObjectDisposedException)
            {
                return;
            }
        }
    }

    /// <summary>Expires every lock and lease the dead owner held, in every hub of the file, and forgets it.</summary>
    internal async Task TakeOverAsync(string deadOwner)
    {
        var (instances, activities) = await WriteAsync(db =>
        {
            var now = Now;
            var i = db.Exec("UPDATE instances SET lock_expires = 0, lock_owner = NULL WHERE lock_owner = $o", ("$o", deadOwner));
            var a = db.Exec("UPDATE activities SET visible_at = $now, lock_owner = NULL WHERE lock_owner = $o AND visible_at > $now",
                ("$o", deadOwner), ("$now", now));
            db.Exec("DELETE FROM owners WHERE owner = $o", ("$o", deadOwner));
            return (i, a);
        }).ConfigureAwait(false);
        Log.DeadOwnerTakenOver(_logger, deadOwner, instances, activities);
        _signals.Orchestrations.Pulse();
        _signals.Entities.Pulse();
        _signals.Activities.Pulse();
    }
}
