namespace LoopFunctions.Loops.Definitions;

/// <summary>The loops of a folder: every valid file, and the errors of the invalid ones, which never stop the others.
/// Built from files already read (<see cref="LoopFile"/>): the catalog parses and indexes, it reads nothing.</summary>
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

    /// <summary>The catalog of <paramref name="folder"/>'s loop files, in the order given (readers give them by
    /// ordinal file name, so of two files claiming one name the first keeps it).</summary>
    /// <param name="folder">The loops folder, as the catalog reports it.</param>
    /// <param name="files">Its <c>*.md</c> files, read.</param>
    /// <param name="prices">The host's price table: given, a loop whose cost limit cannot hold (a model without a
    /// price, see <see cref="LoopPricing"/>) is invalid; null skips that check.</param>
    public static LoopCatalog Build(string folder, IEnumerable<LoopFile> files, Agents.Pricing.PriceTable? prices = null)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(files);
        var loops = new Dictionary<string, LoopDefinition>(StringComparer.OrdinalIgnoreCase);
        var errors = new List<LoopDefinitionError>();
        foreach (var file in files)
        {
            try
            {
                var loop = Parse(file, prices);
                if (!loops.TryAdd(loop.Name, loop))
                {
                    errors.Add(new LoopDefinitionError(file.Path, 1, 1, $"the loop name '{loop.Name}' is already used by {loops[loop.Name].SourcePath}"));
                }
            }
            catch (LoopDefinitionException ex)
            {
                errors.AddRange(ex.Errors);
            }
        }

        return new LoopCatalog(Path.GetFullPath(folder), loops, errors);
    }

    /// <param name="file">The loop file, read.</param>
    /// <param name="prices">The host's price table: given, a cost limit that cannot hold makes the file invalid (see
    /// <see cref="LoopPricing"/>); null skips that check.</param>
    /// <exception cref="LoopDefinitionException">The file is invalid or could not be read.</exception>
    public static LoopDefinition Parse(LoopFile file, Agents.Pricing.PriceTable? prices = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (file.Text is null)
        {
            throw new LoopDefinitionException([new LoopDefinitionError(file.Path, 1, 1, file.ReadError ?? "cannot read the file")]);
        }

        var loop = LoopDefinitionParser.Parse(file.Path, file.Text);
        if (prices is not null)
        {
            LoopPricing.Check(loop, prices);
        }

        return loop;
    }
}
