using System.Globalization;
using System.Text;

namespace LoopFunctions.Durable.AzureStorage;

/// <summary>Escapes instance ids for table keys, which may not contain '/', '\', '#', '?' or control characters.
/// Each character maps on its own, so the escaped form of a prefix is a prefix of the escaped id.</summary>
internal static class TableKeys
{
    public static string Escape(string value)
    {
        if (!value.Any(NeedsEscape))
        {
            return value;
        }

        var builder = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            if (NeedsEscape(c))
            {
                builder.Append('%').Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>The smallest key after every key that starts with <paramref name="prefix"/>.</summary>
    public static string PrefixEnd(string prefix) => prefix + '\uffff';

    private static bool NeedsEscape(char c) => c is '/' or '\\' or '#' or '?' or '%' || char.IsControl(c);
}
