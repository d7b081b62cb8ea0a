using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace LoopFunctions.Durable.Storage;

/// <summary>
/// The paging token shared by providers that order instances by (created time, instance id): opaque to clients,
/// stable across processes.
/// </summary>
public static class ContinuationToken
{
    public static string Encode(DateTime createdAt, string instanceId) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(
            createdAt.Ticks.ToString(CultureInfo.InvariantCulture) + "|" + instanceId));

    /// <exception cref="ArgumentException">The token was not produced by <see cref="Encode"/>.</exception>
    public static (DateTime CreatedAt, string InstanceId) Decode(string token)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            var bar = text.IndexOf('|', StringComparison.Ordinal);
            var ticks = long.Parse(text.AsSpan(0, bar), NumberStyles.None, CultureInfo.InvariantCulture);
            return (new DateTime(ticks, DateTimeKind.Utc), text[(bar + 1)..]);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or OverflowException)
        {
            throw new ArgumentException($"'{token}' is not a valid continuation token.", nameof(token), ex);
        }
    }
}
