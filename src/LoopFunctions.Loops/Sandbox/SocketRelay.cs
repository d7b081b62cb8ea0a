using System.Buffers;
using System.Net.Sockets;

namespace LoopFunctions.Loops.Sandbox;

/// <summary>
/// Copies bytes both ways between two connected sockets as they arrive (a server-sent event reaches the client when
/// the server sends it, nothing is buffered to the end). When one side finishes sending, the other side's sending
/// half is shut down and the opposite direction goes on (half-close); when either side fails, both directions stop.
/// </summary>
internal static class SocketRelay
{
    private const int BufferBytes = 16 * 1024;

    /// <summary>Relays until both directions have ended or one failed; sends <paramref name="firstToB"/> to
    /// <paramref name="b"/> before anything else. The caller closes the sockets.</summary>
    public static async Task RunAsync(Socket a, Socket b, ReadOnlyMemory<byte> firstToB, CancellationToken cancellationToken)
    {
        using var both = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var streamA = new NetworkStream(a, ownsSocket: false);
        using var streamB = new NetworkStream(b, ownsSocket: false);
        try
        {
            await streamB.WriteAsync(firstToB, both.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsEnd(ex))
        {
            return;
        }

        await Task.WhenAll(PumpAsync(streamA, b, streamB, both), PumpAsync(streamB, a, streamA, both)).ConfigureAwait(false);
    }

    private static async Task PumpAsync(NetworkStream from, Socket toSocket, NetworkStream to, CancellationTokenSource both)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer.AsMemory(0, BufferBytes), both.Token).ConfigureAwait(false)) > 0)
            {
                await to.WriteAsync(buffer.AsMemory(0, read), both.Token).ConfigureAwait(false);
            }

            toSocket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception ex) when (IsEnd(ex))
        {
            // A reset, a failed write or the proxy stopping: the exchange is over in both directions.
            await both.CancelAsync().ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The ways a connection ends that are not a fault of the proxy.</summary>
    public static bool IsEnd(Exception ex) =>
        ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException;
}
