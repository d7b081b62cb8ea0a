using LoopFunctions.Loops.Agents.Pricing;
using LoopFunctions.Loops.Definitions;

namespace LoopFunctions.Loops.Planning;

/// <summary>Reads loop files from disk into the core's <see cref="LoopCatalog"/>, which reads nothing itself: the
/// reader of <c>loopfn</c> and of the <c>LoadPlan</c> step (the hosts' triggers read theirs through
/// <c>LoopFolder</c>).</summary>
public static class LoopFileReader
{
    /// <summary>Loads every <c>*.md</c> file of <paramref name="folder"/> (not recursive). A missing folder is an empty catalog.</summary>
    /// <param name="folder">The loops folder.</param>
    /// <param name="prices">The host's price table: given, a loop whose cost limit cannot hold (a model without a
    /// price, see <see cref="LoopPricing"/>) is invalid; null skips that check.</param>
    public static LoopCatalog Load(string folder, PriceTable? prices = null)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var full = Path.GetFullPath(folder);
        var files = Directory.Exists(full) ? Directory.GetFiles(full, "*.md").Order(StringComparer.Ordinal) : Enumerable.Empty<string>();
        return LoopCatalog.Build(full, files.Select(Read), prices);
    }

    /// <param name="path">The loop file.</param>
    /// <param name="prices">The host's price table: given, a cost limit that cannot hold makes the file invalid (see
    /// <see cref="LoopPricing"/>); null skips that check.</param>
    /// <exception cref="LoopDefinitionException">The file is invalid or cannot be read.</exception>
    public static LoopDefinition LoadFile(string path, PriceTable? prices = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        return LoopCatalog.Parse(Read(path), prices);
    }

    /// <summary>The file's text, or why it cannot be read.</summary>
    public static LoopFile Read(string path)
    {
        try
        {
            return new LoopFile(path, File.ReadAllText(path));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return LoopFile.Unreadable(path, ex);
        }
    }
}
