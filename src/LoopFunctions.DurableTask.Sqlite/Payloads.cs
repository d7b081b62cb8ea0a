using System.Text;

namespace LoopFunctions.DurableTask.Sqlite;

/// <summary>Payload sizes in UTF-8 bytes, counted only when a string could possibly exceed the limit.</summary>
internal static class Payloads
{
    public static int Size(string? payload) => payload is null ? 0 : Encoding.UTF8.GetByteCount(payload);

    public static bool TooLarge(string? payload, int limit) =>
        payload is not null && (long)payload.Length * 3 > limit && Encoding.UTF8.GetByteCount(payload) > limit;
}
