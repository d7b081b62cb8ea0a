using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace LoopFunctions.Loops.Workspace;

/// <summary>
/// Counts the starts of one step (an activity and its exact input) in the run's folder that did not end: a step that
/// keeps ending its worker (a crash, an out-of-memory kill, a machine that dies) is given up after
/// <see cref="MaxUnfinishedStarts"/> such starts instead of crashing the next worker too.
/// </summary>
/// <remarks>A start that ends (succeeded, failed, or handed back because the host stopped) is not counted. The count
/// lives beside the work, so it holds whichever worker and whichever backend runs the step.</remarks>
public sealed class StepStarts
{
    /// <summary>Starts that ended their worker before a step is given up: the fourth start of such a step fails it.
    /// Below the SQLite backend's own poison limit (5 deliveries), so the loop's rescue branch is written before the engine gives up.</summary>
    public const int MaxUnfinishedStarts = 3;

    private readonly string _path;

    private StepStarts(string path) => _path = path;

    public static StepStarts For<T>(RunFolder folder, string stepName, T input)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(stepName + "\n" + JsonSerializer.Serialize(input, LoopSerialization.Options)));
        return new StepStarts(Path.Combine(folder.State, "starts", $"{stepName}-{Convert.ToHexStringLower(hash)[..16]}"));
    }

    /// <summary>Records a start; returns how many earlier starts of this step never ended.</summary>
    public int Begin()
    {
        var earlier = File.Exists(_path) && int.TryParse(File.ReadAllText(_path), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        File.WriteAllText(_path, (earlier + 1).ToString(CultureInfo.InvariantCulture));
        return earlier;
    }

    /// <summary>The start ended: it is not counted against the step.</summary>
    public void End()
    {
        if (File.Exists(_path))
        {
            var count = int.TryParse(File.ReadAllText(_path), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 1;
            if (count <= 1)
            {
                File.Delete(_path);
            }
            else
            {
                File.WriteAllText(_path, (count - 1).ToString(CultureInfo.InvariantCulture));
            }
        }
    }

    /// <summary>Forgets the step's starts (it was given up; a rewind starts it afresh).</summary>
    public void Clear() => File.Delete(_path);
}
