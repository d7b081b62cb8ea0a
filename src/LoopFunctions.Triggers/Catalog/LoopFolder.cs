using LoopFunctions.Host.Hosting;
using LoopFunctions.Loops.Definitions;
using Microsoft.Extensions.Logging;

namespace LoopFunctions.Host.Starters;

/// <summary>The loops folder as the host sees it now: reloaded when a file is added, removed or changed, so editing a
/// loop needs no restart. Invalid files are logged with file, line and reason and never hide the valid ones.</summary>
internal sealed class LoopCatalogProvider(LoopHostOptions options, HostPaths paths, ILogger<LoopCatalogProvider> logger)
{
    private readonly Lock _gate = new();
    private LoopCatalog? _catalog;
    private string _signature = "";

    public string Folder => Path.GetFullPath(options.LoopsFolder, paths.ContentRoot);

    public LoopCatalog Current
    {
        get
        {
            var signature = Signature(Folder);
            lock (_gate)
            {
                if (_catalog is null || signature != _signature)
                {
                    _catalog = LoopCatalog.Load(Folder);
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

    private static string Signature(string folder) => !Directory.Exists(folder)
        ? ""
        : string.Join('|', new DirectoryInfo(folder).GetFiles("*.md").OrderBy(f => f.Name, StringComparer.Ordinal).Select(f => $"{f.Name}:{f.LastWriteTimeUtc.Ticks}:{f.Length}"));
}
