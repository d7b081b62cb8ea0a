using LoopFunctions.Loops.Definitions;

namespace LoopFunctions.Loops.Processes;

/// <summary>
/// The environment of every process a loop starts (agents and their commands, checks, git): built from an allow-list
/// of the host's variables plus what the loop file declares, never by removing names that look secret. A credential
/// called <c>DATABASE_URL</c>, <c>NPM_AUTH</c> or <c>SSH_AUTH_SOCK</c> reaches a child only when a loop names it.
/// </summary>
public static class ChildEnvironment
{
    /// <summary>Host variables every child gets when they are set: what programs need to find themselves, their
    /// language and their temp folder. None of them holds a credential.</summary>
    public static readonly IReadOnlyList<string> Allowed =
    [
        "PATH", "HOME", "USER", "LOGNAME", "SHELL", "LANG", "LANGUAGE", "TZ", "TERM", "TMPDIR",
        "DOTNET_ROOT", "DOTNET_CLI_TELEMETRY_OPTOUT", "DOTNET_NOLOGO",
    ];

    /// <summary>The allow-listed host variables, the <c>LC_*</c> locale variables, and the host's values of
    /// <paramref name="declared"/> (names a loop file lists); then <paramref name="overrides"/>.</summary>
    public static Dictionary<string, string> Build(IEnumerable<string>? declared = null, IReadOnlyDictionary<string, string>? overrides = null)
    {
        var host = System.Environment.GetEnvironmentVariables();
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in host)
        {
            if (entry.Key is string name && entry.Value is string value
                && (Allowed.Contains(name, StringComparer.Ordinal) || name.StartsWith("LC_", StringComparison.Ordinal)))
            {
                result[name] = value;
            }
        }

        foreach (var name in declared ?? [])
        {
            if (System.Environment.GetEnvironmentVariable(name) is { } value)
            {
                result[name] = value;
            }
        }

        foreach (var (name, value) in overrides ?? new Dictionary<string, string>())
        {
            result[name] = value;
        }

        return result;
    }

    /// <summary>The host's values of the variables a loop file declares (those that are set).</summary>
    public static Dictionary<string, string> Declared(IEnumerable<string>? names)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in names ?? [])
        {
            if (System.Environment.GetEnvironmentVariable(name) is { } value)
            {
                result[name] = value;
            }
        }

        return result;
    }

    /// <summary>True for a name a loop file may declare: letters, digits and underscores, not starting with a digit.</summary>
    public static bool IsValidName(string name) => EnvironmentNames.IsValid(name);
}
