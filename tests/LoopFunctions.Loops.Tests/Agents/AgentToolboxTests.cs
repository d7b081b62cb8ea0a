using System.Diagnostics;
using System.Text.Json;
using LoopFunctions.Loops.Agents.Contract;
using LoopFunctions.Loops.Agents;
using LoopFunctions.Loops.Agents.OpenAi;
using LoopFunctions.Loops.Agents.Workspace;
using Xunit;

namespace LoopFunctions.Loops.Tests.Agents;

public sealed class AgentToolboxTests : IDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(30);
    private readonly TempWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    private AgentToolbox Toolbox(params string[] allowed) => new(new WorkspaceFileSystem(_workspace.Path), Request(allowed), 4096);

    private AgentRequest Request(IReadOnlyList<string> allowed, params string[] protect) =>
        new(_workspace.Path, "goal", null, 1, new Dictionary<string, string>(), 0, TimeSpan.FromMinutes(1), allowed, 0)
        {
            Protected = [.. protect.Select(LoopFunctions.Loops.Workspace.PathGlob.Parse)],
        };

    [Fact]
    public async Task WriteAndEdit_ProtectedPath_RefusedBeforeAnythingIsWrittenOrRun()
    {
        _workspace.Write("run_tests.sh", "exec bash tests/test.sh\n");
        var toolbox = new AgentToolbox(new WorkspaceFileSystem(_workspace.Path), Request(["bash run_tests.sh"], "run_tests.sh", "run_tests.sh/"), 4096);

        var written = await Call(toolbox, "write_file", new { path = "run_tests.sh", content = "exit 0\n" });
        var edited = await Call(toolbox, "edit_file", new { path = "./run_tests.sh", old = "exec", @new = "true ||" });
        var ran = await Call(toolbox, "run_command", new { command = "bash run_tests.sh" });

        Assert.StartsWith("error: 'run_tests.sh' is protected by 'run_tests.sh'", written, StringComparison.Ordinal);
        Assert.StartsWith("error: 'run_tests.sh' is protected", edited, StringComparison.Ordinal);
        Assert.Equal("exec bash tests/test.sh\n", _workspace.Read("run_tests.sh"));
        Assert.Contains("tests/test.sh: No such file", ran, StringComparison.Ordinal);
    }

    private static Task<string> Call(AgentToolbox toolbox, string tool, object arguments, TimeSpan? timeout = null) =>
        toolbox.ExecuteAsync(tool, JsonSerializer.Serialize(arguments), timeout ?? CommandTimeout, CancellationToken.None);

    [Fact]
    public async Task RunCommand_NotAllowed_IsRejectedWithoutRunning()
    {
        var result = await Call(Toolbox("dotnet test"), "run_command", new { command = "touch pwned" });

        Assert.Equal("error: command 'touch pwned' is not allowed (allowed: dotnet test)", result);
        Assert.False(File.Exists(Path.Combine(_workspace.Path, "pwned")));
    }

    [Fact]
    public async Task RunCommand_PrefixMatchesWholeWordsOnly()
    {
        var result = await Call(Toolbox("dotnet test"), "run_command", new { command = "dotnet testx" });

        Assert.StartsWith("error: command 'dotnet testx' is not allowed", result, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunCommand_Allowed_RunsWithoutShell()
    {
        var result = await Call(Toolbox("echo"), "run_command", new { command = "echo $(whoami) `id` ; ls" });

        Assert.Equal("exit code 0\nstdout:\n$(whoami) `id` ; ls", result);
    }

    [Fact]
    public async Task RunCommand_RunsInWorkspace()
    {
        var result = await Call(Toolbox("pwd"), "run_command", new { command = "pwd" });

        Assert.Contains(new DirectoryInfo(_workspace.Path).FullName, result, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunCommand_Timeout_KillsSleepQuickly()
    {
        var stopwatch = Stopwatch.StartNew();

        var result = await Call(Toolbox("sleep"), "run_command", new { command = "sleep 30" }, TimeSpan.FromMilliseconds(500));

        Assert.StartsWith("timed out after 0.5 s; the process tree was killed", result, StringComparison.Ordinal);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"took {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task EditFile_SingleOccurrence_Replaces()
    {
        _workspace.Write("a.txt", "one two three");
        var toolbox = Toolbox();

        var result = await Call(toolbox, "edit_file", new { path = "a.txt", old = "two", @new = "2" });

        Assert.Equal("edited a.txt", result);
        Assert.Equal("one 2 three", _workspace.Read("a.txt"));
        Assert.Equal(["a.txt"], toolbox.FilesWritten);
    }

    [Fact]
    public async Task EditFile_SeveralOccurrences_ExplainsAndLeavesFile()
    {
        _workspace.Write("a.txt", "x x x");

        var result = await Call(Toolbox(), "edit_file", new { path = "a.txt", old = "x", @new = "y" });

        Assert.Equal("error: the text to replace occurs 3 times in 'a.txt'; include more surrounding lines so it occurs once", result);
        Assert.Equal("x x x", _workspace.Read("a.txt"));
    }

    [Fact]
    public async Task EditFile_Missing_Explains()
    {
        _workspace.Write("a.txt", "abc");

        var result = await Call(Toolbox(), "edit_file", new { path = "a.txt", old = "zzz", @new = "y" });

        Assert.StartsWith("error: the text to replace was not found in 'a.txt'", result, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListFilesAndSearch_SkipGitFolder()
    {
        _workspace.Write("src/calc.sh", "add() {\n  echo $(( $1 - $2 ))\n}\n");
        _workspace.Write(".git/config", "echo secret");
        var toolbox = Toolbox();

        var listing = await Call(toolbox, "list_files", new { path = "." });
        var matches = await Call(toolbox, "search", new { pattern = @"echo \$" });

        Assert.Equal("src/\nsrc/calc.sh", listing);
        Assert.Equal("src/calc.sh:2:   echo $(( $1 - $2 ))", matches);
    }

    [Fact]
    public async Task WriteFile_OutsideWorkspace_ReturnsErrorText()
    {
        var result = await Call(Toolbox(), "write_file", new { path = "../evil.txt", content = "x" });

        Assert.Equal("error: path '../evil.txt' is outside the workspace", result);
    }

    [Fact]
    public async Task Execute_BadArguments_ReturnsErrorText()
    {
        var toolbox = Toolbox();

        Assert.StartsWith("error: tool arguments are not valid JSON", await toolbox.ExecuteAsync("read_file", "{oops", CommandTimeout, CancellationToken.None), StringComparison.Ordinal);
        Assert.Equal("error: missing string argument 'path'", await Call(toolbox, "read_file", new { }));
        Assert.StartsWith("error: unknown tool 'rm'", await Call(toolbox, "rm", new { }), StringComparison.Ordinal);
    }
}
