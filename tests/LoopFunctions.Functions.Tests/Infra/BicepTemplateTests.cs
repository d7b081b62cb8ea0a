using System.Diagnostics;
using LoopFunctions.Functions.Tests.TestSupport;

namespace LoopFunctions.Functions.Tests.Infra;

/// <summary>Keeps every template under infra/ valid: <c>bicep build</c> and <c>bicep lint</c> with the Bicep CLI that
/// infra/tools/install-bicep.sh puts in .tools/bicep (./test.sh runs it), with no error and no warning.</summary>
public sealed class BicepTemplateTests
{
    public static TheoryData<string> Templates() => [.. TemplateNames()];

    [Theory]
    [MemberData(nameof(Templates))]
    public async Task Build_Template_CompilesWithoutDiagnostics(string template)
    {
        var (code, output) = await BicepAsync("build", Path.Combine(Repository.Root, "infra", template), "--stdout");
        Assert.True(code == 0, output);
        Assert.DoesNotContain(": Warning ", output, StringComparison.Ordinal);
        Assert.Contains("\"$schema\"", output, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Templates))]
    public async Task Lint_Template_ReportsNothing(string template)
    {
        var (code, output) = await BicepAsync("lint", Path.Combine(Repository.Root, "infra", template));
        Assert.True(code == 0, output);
        Assert.Equal("", output.Trim());
    }

    [Fact]
    public void Templates_FunctionAppBesideTheContainerWorkers_BothPresent()
    {
        Assert.Contains("functions.bicep", TemplateNames());
        Assert.Contains("main.bicep", TemplateNames());
    }

    private static string[] TemplateNames() =>
        [.. Directory.GetFiles(Path.Combine(Repository.Root, "infra"), "*.bicep").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    internal static async Task<(int Code, string Output)> BicepAsync(params string[] args)
    {
        var bicep = Path.Combine(Repository.Root, ".tools", "bicep", "bicep");
        Assert.True(File.Exists(bicep), $"{bicep} is missing: run infra/tools/install-bicep.sh (./test.sh does)");
        var start = new ProcessStartInfo(bicep) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        // stdout holds the compiled template for build; diagnostics go to stderr.
        return (process.ExitCode, args[0] == "build" ? await stdout + await stderr : await stderr + await stdout);
    }
}
