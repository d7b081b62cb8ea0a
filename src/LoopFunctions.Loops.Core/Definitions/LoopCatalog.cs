namespace LoopFunctions.Loops.Definitions;

/// <summary>The loops of a folder: every valid file, and the errors of the invalid ones, which never stop the others.</summary>
public sealed class LoopCatalog
{
    private LoopCatalog(string folder, IReadOnlyDictionary<string, LoopDefinition> loops, IReadOnlyList<LoopDefinitionError> errors)
    {
        Folder = folder;
        Loops = loops;
        Errors = errors;
    }

    public string Folder { get; }

    /// <summary>Valid loops by name (case-insensitive).</summary>
    public IReadOnlyDictionary<string, LoopDefinition> Loops { get; }

    public IReadOnlyList<LoopDefinitionError> Errors { get; }

    /// <summary>Loads every <c>*.md</c> file of <paramref name="folder"/> (not recursive). A missing folder is an empty catalog.</summary>
    /// <param name="folder">The loops folder.</param>
    /// <param name="prices">The host's price table: given, a loop whose cost limit cannot hold (a model without a
    /// price, see <see cref="LoopPricing"/>) is invalid; null skips that check.</param>
    public static LoopCatalog Load(string folder, Agents.Pricing.PriceTable? prices = null)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var loops = new Dictionary<string, LoopDefinition>(StringComparer.OrdinalIgnoreCase);
        var errors = new List<LoopDefinitionError>();
        var full = Path.GetFullPath(folder);
        var files = Directory.Exists(full) ? Directory.GetFiles(full, "*.md").Order(StringComparer.Ordinal) : Enumerable.Empty<string>();
        foreach (var file in files)
        {
            try
            {
                var loop = LoadFile(file, prices);
                if (!loops.TryAdd(loop.Name, loop))
                {
                    errors.Add(new LoopDefinitionError(file, 1, 1, $"the loop name '{loop.Name}' is already used by {loops[loop.Name].SourcePath}"));
                }
            }
            catch (LoopDefinitionException ex)
            {
                errors.AddRange(ex.Errors);
            }
        }

        return new LoopCatalog(full, loops, errors);
    }

    /// <param name="path">The loop file.</param>
    /// <param name="prices">The host's price table: given, a cost limit that cannot hold makes the file invalid (see
    /// <see cref="LoopPricing"/>); null skips that check.</param>
    /// <exception cref="LoopDefinitionException">The file is invalid or cannot be read.</exception>
    public static LoopDefinition LoadFile(string path, Agents.Pricing.PriceTable? prices = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new LoopDefinitionException([new LoopDefinitionError(path, 1, 1, "cannot read the file: " + ex.Message)]);
        }

        var loop = LoopDefinitionParser.Parse(path, text);
        if (prices is not null)
        {
            LoopPricing.Check(loop, prices);
        }

        return loop;
    }
}
