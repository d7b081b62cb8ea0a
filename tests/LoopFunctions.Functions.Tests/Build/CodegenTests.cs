using LoopFunctions.Functions.Codegen;
using LoopFunctions.Functions.Tests.TestSupport;

namespace LoopFunctions.Functions.Tests.Build;

/// <summary>The build-time tool that turns scheduled loop files into timer functions, run as the build runs it.</summary>
public sealed class CodegenTests : IDisposable
{
    private readonly TempLoops _loops = new();
    private readonly string _output = Path.Combine(Path.GetTempPath(), $"loopfn-codegen-{Guid.NewGuid():N}.g.cs");

    public void Dispose()
    {
        _loops.Dispose();
        File.Delete(_output);
    }

    [Fact]
    public void Run_NewScheduledLoopFile_AddsItsTimerFunction()
    {
        _loops.Write("manual-only");
        _loops.Write("weekly-report", "on:\n  schedule: \"0 0 6 * * MON\"");

        var code = Run(out var errors);

        Assert.Equal(0, code);
        Assert.Empty(errors);
        var source = File.ReadAllText(_output);
        Assert.Contains("[global::Microsoft.Azure.Functions.Worker.Function(\"Schedule_weekly_report\")]", source, StringComparison.Ordinal);
        Assert.Contains("[global::Microsoft.Azure.Functions.Worker.TimerTrigger(\"0 0 6 * * 1\")]", source, StringComparison.Ordinal);
        Assert.Contains("RunAsync(\"weekly-report\", \"0 0 6 * * 1\", timer, client, context);", source, StringComparison.Ordinal);
        Assert.DoesNotContain("manual_only", source, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_InvalidLoopFile_FailsWithMsBuildErrorNamingFileAndLine()
    {
        _loops.WriteInvalid("broken");

        var code = Run(out var errors);

        Assert.Equal(1, code);
        Assert.Matches(@"broken\.md\(\d+,\d+\): error LOOPFN001: ", errors);
        Assert.False(File.Exists(_output));
    }

    [Fact]
    public void Run_TwoLoopsOneFunctionName_FailsTheBuild()
    {
        _loops.Write("nightly-deps", "on:\n  schedule: \"0 0 2 * * *\"");
        _loops.Write("nightly_deps", "on:\n  schedule: \"0 0 3 * * *\"");

        Assert.Equal(1, Run(out var errors));
        Assert.Contains("error LOOPFN002", errors, StringComparison.Ordinal);
    }

    private int Run(out string errors)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = ScheduledFunctionWriter.Run([_loops.Folder, _output], stdout, stderr);
        errors = stderr.ToString();
        return code;
    }
}
