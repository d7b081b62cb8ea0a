using System.Text.Json;

namespace LoopFunctions.Loops.Workspace;

/// <summary>
/// The results of a run's finished steps, kept in its folder (<c>state/steps/</c>), so a second execution of a step
/// that already finished returns the recorded result instead of doing the work again.
/// </summary>
/// <remarks>
/// A step is recorded only once it finished; a step that failed, was cancelled or died runs again as usual. Read and
/// write under <see cref="RunLock"/>. A record is written to a side file and renamed into place, so a crash never
/// leaves half of one.
/// </remarks>
public static class StepRecords
{
    /// <summary>The recorded result of <paramref name="key"/>, or <see langword="default"/> when the step has not
    /// finished.</summary>
    public static T? TryRead<T>(RunFolder folder, string key)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var path = PathOf(folder, key);
        return File.Exists(path) ? JsonSerializer.Deserialize<T>(File.ReadAllText(path), LoopSerialization.Options) : default;
    }

    public static void Write<T>(RunFolder folder, string key, T result)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var path = PathOf(folder, key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var partial = $"{path}.partial-{Guid.NewGuid():N}";
        File.WriteAllText(partial, JsonSerializer.Serialize(result, LoopSerialization.Options));
        File.Move(partial, path, overwrite: true);
    }

    private static string PathOf(RunFolder folder, string key)
    {
        if (key.Length == 0 || key.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
        {
            throw new ArgumentException($"step record key '{key}' must be ASCII letters, digits, '-', '_' or '.'", nameof(key));
        }

        return Path.Combine(folder.State, "steps", key + ".json");
    }
}
