using System.Text.Json;

namespace LoopFunctions.DurableTask.Configuration;

/// <summary>Reads host.json's <c>extensions.durableTask</c> section the way Durable Functions names it.</summary>
/// <remarks>
/// Keys are matched case-insensitively, as the Functions host does. Every unknown key and every invalid value is
/// reported at once by <see cref="HostJsonException"/>, each by its host.json path and name. Durable Functions settings
/// that have no meaning in this host (<c>tracing</c>, <c>notifications</c>, <c>maxConcurrentEntityFunctions</c>,
/// <c>useGracefulShutdown</c>) are accepted and ignored, so one host.json serves both; a key that only applies to
/// the other <c>storageProvider.type</c> is reported.
/// </remarks>
public static class HostJson
{
    private static readonly JsonDocumentOptions Options = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>Reads and validates host.json; a missing file gives <see cref="HostJsonSettings.Defaults"/> for its folder.</summary>
    /// <exception cref="HostJsonException">The file is not valid JSON, or settings are unknown, of the wrong type or out
    /// of range; <see cref="HostJsonException.Problems"/> names each.</exception>
    public static HostJsonSettings Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full)!;
        return File.Exists(full) ? Parse(File.ReadAllText(full), full, directory) : HostJsonSettings.Defaults(directory);
    }

    /// <summary>Reads host.json text.</summary>
    /// <param name="json">The whole file.</param>
    /// <param name="source">What to call the file in messages (its path).</param>
    /// <param name="directory">The folder relative paths resolve against.</param>
    /// <exception cref="HostJsonException">As <see cref="Load"/>.</exception>
    public static HostJsonSettings Parse(string json, string source, string directory)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(directory);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, Options);
        }
        catch (JsonException ex)
        {
            var line = (ex.LineNumber ?? 0) + 1;
            throw new HostJsonException(source, [new HostJsonProblem($"line {line}", "", "not valid JSON: " + ex.Message)], ex);
        }

        using (document)
        {
            var reader = new HostJsonReader();
            var settings = reader.Read(document.RootElement, source, Path.GetFullPath(directory));
            return reader.Problems.Count == 0 ? settings : throw new HostJsonException(source, reader.Problems);
        }
    }
}
