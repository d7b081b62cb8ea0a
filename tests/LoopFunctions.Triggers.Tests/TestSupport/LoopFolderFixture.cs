using LoopFunctions.Loops.Definitions;
using LoopFunctions.Triggers.Catalog;
using Microsoft.Extensions.Logging.Abstractions;

namespace LoopFunctions.Triggers.Tests.TestSupport;

/// <summary>A temporary loops folder with real loop files, read by the real parser; deleted on dispose.</summary>
public sealed class LoopFolderFixture : IDisposable
{
    public LoopFolderFixture()
    {
        Folder = Directory.CreateTempSubdirectory("loopfn-triggers-").FullName;
        Loops = new LoopFolder(Folder, NullLogger<LoopFolder>.Instance);
    }

    public string Folder { get; }

    public LoopFolder Loops { get; }

    /// <summary>Writes <c>{name}.md</c> with the given <c>on:</c> block (YAML lines) and a valid rest.</summary>
    public LoopDefinition Write(string name, string on, string extra = "")
    {
        var path = Path.Combine(Folder, name + ".md");
        File.WriteAllText(path, $"---\n{on}\nworkspace:\n  repository: /tmp/repo\nagent:\n  kind: command\n  command: [echo]\nverify:\n  - name: t\n    command: [\"true\"]\n{extra}---\ngoal\n");
        return LoopCatalog.Parse(new LoopFile(path, File.ReadAllText(path)));
    }

    /// <summary>Writes a file the parser rejects.</summary>
    public void WriteInvalid(string name) => File.WriteAllText(Path.Combine(Folder, name + ".md"), "---\nagent:\n  kind: nonsense\n---\ngoal\n");

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
