using System.Text.Json;

namespace LoopFunctions.Loops.Agents.CodingClis;

/// <summary>Where the CLI's session id is kept between iterations: a small file in the agent home, beside the CLI's
/// own state (which the sandbox keeps writable and the run keeps until it is purged).</summary>
internal static class CliSessionStore
{
    public static CliSession? Read(string home, string kind)
    {
        var file = PathOf(home, kind);
        try
        {
            return File.Exists(file) ? JsonSerializer.Deserialize<CliSession>(File.ReadAllText(file)) : null;
        }
        catch (JsonException)
        {
            return null; // a torn write by a killed step: the next run starts a fresh session
        }
    }

    public static void Write(string home, CliSession session)
    {
        var file = PathOf(home, session.Kind);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var temporary = file + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(session));
        File.Move(temporary, file, overwrite: true);
    }

    private static string PathOf(string home, string kind) => Path.Combine(home, ".loopfn", $"session-{kind}.json");
}
