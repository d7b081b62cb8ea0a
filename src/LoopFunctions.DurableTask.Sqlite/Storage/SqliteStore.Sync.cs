using System.Runtime.InteropServices;

namespace LoopFunctions.DurableTask.Sqlite.Storage;

/// <summary>
/// Pipelined syncs for <see cref="SqliteSynchronousMode.Durable"/>: commits go to the WAL without waiting for the disk,
/// and a sync thread fsyncs the WAL file behind them; whatever leaves the process (a client's acknowledgement, a read a
/// client gets, an activity about to run) first waits for a sync that started after what it depends on was committed.
/// </summary>
/// <remarks>
/// One fsync of the WAL file covers every frame written before it started, by any connection of any process, and WAL
/// recovery keeps a prefix of the commits; so "a sync that started after commit C" is enough to make C and all before
/// it durable. Waiters that arrive during a sync wait for the next one, which then covers all of them at once.
/// </remarks>
internal sealed partial class SqliteStore
{
    private readonly object _syncGate = new();
    private readonly SemaphoreSlim _syncWanted = new(0, int.MaxValue);
    private Thread? _syncThread;
    private FileStream? _wal;
    private TaskCompletionSource? _inSync;
    private TaskCompletionSource? _nextSync;
    private long _syncsStarted;
    private Exception? _syncFault;
    private long _syncsDone;
    private bool _syncClosed;

    /// <summary>Tests hold the sync thread here, before its fsync, to see what waits for it.</summary>
    internal ManualResetEventSlim? HoldSyncsForTests { get; set; }

    /// <summary>How many WAL syncs finished (Durable mode).</summary>
    internal long SyncsDone => Interlocked.Read(ref _syncsDone);

    /// <summary>A number to pass to <see cref="WhenDurableAsync(long)"/> for what has been committed by now.</summary>
    public long SyncTicket
    {
        get
        {
            if (!_pipelinedSync)
            {
                return 0;
            }

            // Under the gate: a stale, lower number would let a caller wait on a sync that began before its commit.
            lock (_syncGate)
            {
                return _syncsStarted;
            }
        }
    }

    /// <summary>Completes when everything committed before this call (by any process) is on disk.</summary>
    public Task FlushAsync() => WhenDurableAsync(SyncTicket);

    /// <summary>Completes when a sync that started after <paramref name="ticket"/> was taken has finished; at once
    /// unless the store runs <see cref="SqliteSynchronousMode.Durable"/> (the other modes sync in the commit or never).</summary>
    /// <exception cref="SqliteStoreUnavailableException">A sync failed: the store no longer knows what is on disk.</exception>
    public Task WhenDurableAsync(long ticket)
    {
        if (!_pipelinedSync)
        {
            return Task.CompletedTask;
        }

        lock (_syncGate)
        {
            if (_syncFault is { } fault)
            {
                return Task.FromException(fault);
            }

            if (_syncClosed)
            {
                return Task.FromException(new ObjectDisposedException(nameof(SqliteStore), "The store closed before this write could be synced."));
            }

            if (ticket < _syncsStarted)
            {
                // A sync started after the ticket: it is running (or just finished and Volatile reads lag), so its end
                // covers the caller; a finished one cleared _inSync and the caller needs nothing more.
                return _inSync?.Task ?? Task.CompletedTask;
            }

            if (_nextSync is null)
            {
                _nextSync = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _syncWanted.Release();
            }

            return _nextSync.Task;
        }
    }

    private void StartSyncThread()
    {
        _wal = new FileStream(FullPath + "-wal", FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, 1);
        SyncDirectory(); // the WAL file was created by this process's open: its directory entry must be durable too
        _syncThread = new Thread(SyncLoop) { IsBackground = true, Name = "SQLite WAL sync" };
        _syncThread.Start();
    }

    private void SyncLoop()
    {
        TaskCompletionSource? held = null;
        while (!_closing.IsCancellationRequested)
        {
            try
            {
                _syncWanted.Wait(_closing.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            TaskCompletionSource? batch;
            lock (_syncGate)
            {
                (batch, _nextSync) = (_nextSync, null);
                if (batch is null)
                {
                    continue;
                }

                _inSync = batch;
                _syncsStarted++;
            }

            try
            {
                HoldSyncsForTests?.Wait(_closing.Token);
                Sync();
                lock (_syncGate)
                {
                    _inSync = null;
                }

                batch.TrySetResult();
            }
            catch (OperationCanceledException)
            {
                held = batch; // closing while a test held this sync: the last sync below answers it
                break;
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException)
            {
                // After a failed fsync the kernel may have dropped the dirty pages: nothing that waited can be told
                // its write is durable, and nothing later can either.
                var fault = new SqliteStoreUnavailableException(
                    $"Syncing the write-ahead log of '{FullPath}' failed ({ex.Message}); writes since the last sync may not be on disk. Restart the process.", ex);
                lock (_syncGate)
                {
                    _syncFault = fault;
                    _inSync = null;
                    _nextSync?.TrySetException(fault);
                    _nextSync = null;
                }

                batch.TrySetException(fault);
            }
        }

        // Closing: whoever still waits gets one last sync rather than an error for a write that did commit.
        TaskCompletionSource? next;
        lock (_syncGate)
        {
            (next, _nextSync, _inSync) = (_nextSync, null, null);
            _syncClosed = true;
        }

        if (held is null && next is null)
        {
            return;
        }

        try
        {
            Sync();
            held?.TrySetResult();
            next?.TrySetResult();
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            var fault = new SqliteStoreUnavailableException($"Syncing the write-ahead log of '{FullPath}' at close failed ({ex.Message}).", ex);
            held?.TrySetException(fault);
            next?.TrySetException(fault);
        }
    }

    private void Sync()
    {
        _wal!.Flush(flushToDisk: true);
        Interlocked.Increment(ref _syncsDone);
    }

    private void StopSyncThread()
    {
        _syncThread?.Join(TimeSpan.FromSeconds(5));
        _wal?.Dispose();
    }

    private void SyncDirectory()
    {
        var directory = System.IO.Path.GetDirectoryName(FullPath)!;
        if (!OperatingSystem.IsLinux())
        {
            return; // elsewhere the OS commits a new file's directory entry with the file (or offers no fsync of a folder)
        }

        var fd = Native.Open(directory, Native.ReadOnly);
        if (fd < 0)
        {
            throw new IOException($"Cannot open '{directory}' to sync it (errno {Marshal.GetLastPInvokeError()}).");
        }

        try
        {
            if (Native.Fsync(fd) != 0)
            {
                throw new IOException($"Syncing '{directory}' failed (errno {Marshal.GetLastPInvokeError()}).");
            }
        }
        finally
        {
            _ = Native.Close(fd);
        }
    }

    private static partial class Native
    {
        public const int ReadOnly = 0; // O_RDONLY, which opens a directory on Linux (O_DIRECTORY's value differs by architecture)

        [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
        public static partial int Open(string path, int flags);

        [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
        public static partial int Fsync(int fd);

        [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
        public static partial int Close(int fd);
    }
}
