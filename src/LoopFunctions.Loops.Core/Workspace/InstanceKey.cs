using System.Security.Cryptography;
using System.Text;

namespace LoopFunctions.Loops.Workspace;

/// <summary>
/// Turns an instance id into a name for a folder or a branch, one to one: letters, digits and inner hyphens stay,
/// every other byte of the UTF-8 form becomes <c>_XX</c> (hex), so <c>'c d'</c> is <c>c_20d</c> and <c>'c-d'</c> stays
/// <c>c-d</c>. A name that would grow past <see cref="MaxLength"/> keeps its start and ends in <c>~</c> plus 32 hex
/// digits of its SHA-256 (<c>~</c> never appears otherwise), so different ids never share a workspace or a branch.
/// </summary>
public static class InstanceKey
{
    /// <summary>Longest key: well below the 255 bytes of a file name and of a branch name component.</summary>
    public const int MaxLength = 120;

    public static string For(string instanceId)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        var bytes = Encoding.UTF8.GetBytes(instanceId);
        var key = new StringBuilder();
        for (var i = 0; i < bytes.Length; i++)
        {
            var b = bytes[i];
            // A hyphen at either end is escaped too: branch names are trimmed of them, and a leading one reads as an option.
            var keep = char.IsAsciiLetterOrDigit((char)b) || (b == '-' && i > 0 && i < bytes.Length - 1);
            key.Append(keep ? ((char)b).ToString() : "_" + b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }

        if (key.Length <= MaxLength)
        {
            return key.ToString();
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes))[..32];
        return key.ToString(0, MaxLength - 33) + "~" + hash;
    }
}
