using System.Text.RegularExpressions;

namespace LoopFunctions.Loops.Definitions;

/// <summary>What a budget pool may be called, in the host's settings (<c>LoopFunctions:Pools:&lt;name&gt;</c>) and in
/// a loop's <c>limits.pool</c>. Names are matched ignoring case, as configuration keys are; the pool's entity key is
/// the lower-case name, so <c>Team-A</c> and <c>team-a</c> are one account.</summary>
public static partial class PoolNames
{
    /// <summary>The rule, as error messages state it.</summary>
    public const string Rule = "1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit";

    /// <summary>Whether <paramref name="name"/> follows <see cref="Rule"/>.</summary>
    public static bool IsValid(string? name) => name is not null && Pattern().IsMatch(name);

    /// <summary>The key of the pool's entity: the name in lower case.</summary>
    public static string Key(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.ToLowerInvariant();
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
