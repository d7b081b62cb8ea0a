namespace LoopFunctions.Functions.Tests.TestSupport;

/// <summary>A temporary loops folder of real loop files; deleted on dispose.</summary>
public sealed class TempLoops : IDisposable
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("loopfn-functions-").FullName;

    /// <summary>Writes <c>{name}.md</c> with the given <c>on:</c> block and a valid rest; returns its path.
    /// <paramref name="agent"/> is more lines of the <c>agent:</c> block (indented two spaces), such as
    /// <c>"  sandbox: none\n"</c>.</summary>
    public string Write(string name, string on = "on: manual", string extra = "", string agent = "")
    {
        var path = Path.Combine(Folder, name + ".md");
        File.WriteAllText(path, $"---\n{on}\nworkspace:\n  repository: /tmp/repo\nagent:\n  kind: command\n  command: [echo]\n{agent}verify:\n  - name: t\n    command: [\"true\"]\n{extra}---\ngoal\n");
        return path;
    }

    public void WriteInvalid(string name) => File.WriteAllText(Path.Combine(Folder, name + ".md"), "---\nagent:\n  kind: nonsense\n---\ngoal\n");

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
