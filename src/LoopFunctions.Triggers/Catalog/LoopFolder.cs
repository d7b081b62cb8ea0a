using LoopFunctions.Loops.Agents.Pricing;
using LoopFunctions.Loops.Definitions;
using Microsoft.Extensions.Logging;

namespace LoopFunctions.Triggers.Catalog;

/// <summary>The loops folder as a host sees it now: reloaded when a file is added, removed or changed, so editing a
/// loop needs no restart. Invalid files are logged with file, line and reason and never hide the valid ones.</summary>
/// <param name="folder">The loops folder.</param>
/// <param name="logger">Where invalid files are reported.</param>
/// <param name="prices">The host's price table: given, a loop whose cost limit names a model without a price is
/// invalid here, so no trigger starts it (see <see cref="LoopPricing"/>).</param>
public sealed class LoopFolder(string folder, ILogger<LoopFolder> logger, PriceTable? prices = null)
{
    private readonly Lock _gate = new();
    private LoopCatalog? _catalog;
    private string _signature = "";

    /// <summary>The folder's absolute path.</summary>
    public string Folder { get; } = Path.GetFullPath(folder);

    public LoopCatalog Current
    {
        get
        {
            var signature = Signature(Folder);
            lock (_gate)
            {
                if (_catalog is null || signature != _signature)
                {
                    _catalog = LoopCatalog.Build(Folder, Read(Folder), prices);
                    _signature = signature;
                    foreach (var error in _catalog.Errors)
                    {
                        logger.LoopRejected(error.ToString());
                    }
                }

                return _catalog;
            }
        }
    }

    /// <summary>The folder's <c>*.md</c> files by ordinal name, as LoopFunctions.Loops' <c>LoopFileReader</c> reads them (this
    /// assembly depends on the core only, so it reads its own).</summary>
    private static IEnumerable<LoopFile> Read(string folder)
    {
        foreach (var path in Directory.Exists(folder) ? Directory.GetFiles(folder, "*.md").Order(StringComparer.Ordinal) : Enumerable.Empty<string>())
        {
            LoopFile file;
            try
            {
                file = new LoopFile(path, File.ReadAllText(path));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                file = LoopFile.Unreadable(path, ex);
            }

            yield return file;
        }
    }

    private static string Signature(string folder) => !Directory.Exists(folder)
        ? ""
        : string.Join('|', new DirectoryInfo(folder).GetFiles("*.md").OrderBy(f => f.Name, StringComparer.Ordinal).Select(f => $"{f.Name}:{f.LastWriteTimeUtc.Ticks}:{f.Length}"));
}
