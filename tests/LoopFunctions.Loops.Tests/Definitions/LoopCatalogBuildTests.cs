using LoopFunctions.Loops.Definitions;
using LoopFunctions.Loops.Planning;

namespace LoopFunctions.Loops.Tests.Definitions;

/// <summary>The core's catalog is built from texts a reader found, with no file behind them; the steps' reader gives
/// it the same answer for the same files on disk.</summary>
public sealed class LoopCatalogBuildTests
{
    private const string Loop = "---\nagent: { kind: command, command: [a] }\nverify:\n  - command: [make]\n---\nGoal";

    [Fact]
    public void Build_TextsWithoutFiles_IndexesValidLoopsAndReportsTheRest()
    {
        var catalog = LoopCatalog.Build("/nowhere/loops", [
            new LoopFile("/nowhere/loops/a.md", Loop),
            new LoopFile("/nowhere/loops/b.md", "---\nname: a\n" + Loop[4..]),
            new LoopFile("/nowhere/loops/c.md", "---\nverify: 3\n---\n"),
            LoopFile.Unreadable("/nowhere/loops/d.md", new IOException("denied")),
        ]);

        Assert.Equal(["a"], catalog.Loops.Keys);
        Assert.Equal("/nowhere/loops", catalog.Folder);
        Assert.Contains(catalog.Errors, e => e.File == "/nowhere/loops/b.md" && e.Message.Contains("already used by /nowhere/loops/a.md", StringComparison.Ordinal));
        Assert.Contains(catalog.Errors, e => e.File == "/nowhere/loops/c.md");
        Assert.Contains(catalog.Errors, e => e.File == "/nowhere/loops/d.md" && e.Message == "cannot read the file: denied");
    }

    [Fact]
    public void Load_FolderOnDisk_SameCatalogAsBuildFromItsTexts()
    {
        var folder = Directory.CreateTempSubdirectory("loop-catalog-");
        try
        {
            File.WriteAllText(Path.Combine(folder.FullName, "a.md"), Loop);
            File.WriteAllText(Path.Combine(folder.FullName, "bad.md"), "---\nverify: 3\n---\n");
            File.WriteAllText(Path.Combine(folder.FullName, "notes.txt"), "not a loop");

            var read = LoopFileReader.Load(folder.FullName);
            var built = LoopCatalog.Build(folder.FullName, Directory.GetFiles(folder.FullName, "*.md").Order(StringComparer.Ordinal).Select(f => new LoopFile(f, File.ReadAllText(f))));

            Assert.Equal(built.Loops.Keys, read.Loops.Keys);
            Assert.Equal(built.Errors.Select(e => e.ToString()), read.Errors.Select(e => e.ToString()));
            Assert.Empty(LoopFileReader.Load(Path.Combine(folder.FullName, "missing")).Loops);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
