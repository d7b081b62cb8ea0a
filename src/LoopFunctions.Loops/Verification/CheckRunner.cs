using System.Globalization;
using LoopFunctions.Loops.Agents;
using LoopFunctions.Loops.Processes;
using LoopFunctions.Loops.Plans;
using LoopFunctions.Loops.Workspace;

namespace LoopFunctions.Loops.Verification;

/// <summary>Runs a <c>command</c> or <c>tests</c> check in the workspace: argv without a shell, in the verification's
/// sandbox (<see cref="CheckSandbox"/>), a timeout that kills the process tree, and for flaky checks up to <c>1 + retries</c> runs of which <c>quorum</c> must pass.</summary>
public static class CheckRunner
{
    private const int TailCharacters = 4000;
    private const string DefaultReportPattern = "**/*.trx";

    /// <param name="check">The check.</param>
    /// <param name="workspace">The checkout to run it in.</param>
    /// <param name="cancellationToken">Cancels the step.</param>
    /// <param name="deadline">The run's <c>max_duration</c> deadline (UTC): a run still going then is stopped, and a
    /// check that would start after it does not run.</param>
    /// <param name="ledger">Where the check's process group is recorded while it runs.</param>
    /// <param name="sandbox">The verification's sandbox; null runs the check unconfined.</param>
    public static async Task<CheckResult> RunAsync(CheckPlan check, string workspace, CancellationToken cancellationToken, DateTime? deadline = null, ProcessLedger? ledger = null, CheckSandbox? sandbox = null)
    {
        ArgumentNullException.ThrowIfNull(check);
        var passes = 0;
        CheckResult? last = null;
        var runs = 0;
        for (var attempt = 0; attempt <= check.Retries && passes < check.Quorum; attempt++)
        {
            runs++;
            last = await RunOnceAsync(check, workspace, deadline, ledger, sandbox, cancellationToken).ConfigureAwait(false);
            if (!last.Ran)
            {
                return last;
            }

            passes += last.Passed ? 1 : 0;
            if (check.Retries - attempt < check.Quorum - passes)
            {
                break; // the quorum can no longer be reached
            }
        }

        var passed = passes >= check.Quorum;
        var summary = runs > 1
            ? string.Create(CultureInfo.InvariantCulture, $"{last!.Summary} ({passes}/{runs} runs passed, quorum {check.Quorum})")
            : last!.Summary;
        return last with { Passed = passed, Summary = summary, Runs = runs };
    }

    private static async Task<CheckResult> RunOnceAsync(CheckPlan check, string workspace, DateTime? deadline, ProcessLedger? ledger, CheckSandbox? sandbox, CancellationToken cancellationToken)
    {
        if (check.Command is not { Count: > 0 } command)
        {
            return new CheckResult(check.Name, false, false, $"{check.Name}: no command to run", "", null, 1);
        }

        var left = deadline is { } end ? end - DateTime.UtcNow : (TimeSpan?)null;
        if (left <= TimeSpan.Zero)
        {
            return new CheckResult(check.Name, false, false, $"{check.Name}: not run: the run's max_duration was reached", "", null, 1);
        }

        var timeout = left is { } bound && bound < check.Timeout ? bound : check.Timeout;

        // The pattern the report is read with must be the one cleared, or a default-pattern report survives the run.
        var reportPattern = check.ReportPath ?? (check.Kind == CheckKind.Tests ? DefaultReportPattern : null);
        if (reportPattern is not null)
        {
            foreach (var stale in ReportFiles(workspace, reportPattern))
            {
                File.Delete(stale); // a report from an earlier run must not stand in for this one
            }
        }

        ProcessRunResult result;
        try
        {
            // The report is read only after this returns: in the sandbox, once the check's PID namespace is gone.
            result = await CheckSandbox.RunAsync(sandbox, [.. command], workspace, timeout, check.Network, check.NetworkHosts, ChildEnvironment.Declared(check.Environment), ledger, cancellationToken).ConfigureAwait(false);
        }
        catch (AgentException ex)
        {
            return new CheckResult(check.Name, false, false, $"{check.Name}: could not run: {ex.Message}", "", null, 1);
        }

        var output = Tail(result.StandardOutput + (result.StandardError.Length > 0 ? "\n" + result.StandardError : ""));
        if (result.TimedOut)
        {
            var why = timeout < check.Timeout ? "stopped at the run's max_duration deadline" : string.Create(CultureInfo.InvariantCulture, $"timed out after {check.Timeout.TotalSeconds:0.#} s");
            return new CheckResult(check.Name, true, false, $"{check.Name}: {why}", output, null, 1);
        }

        if (check.Kind != CheckKind.Tests)
        {
            var ok = result.ExitCode == 0;
            return new CheckResult(check.Name, true, ok, ok ? $"{check.Name}: passed" : $"{check.Name}: failed (exit {result.ExitCode})", output, null, 1);
        }

        var reports = ReportFiles(workspace, reportPattern!).ToList();
        if (reports.Count == 0)
        {
            return new CheckResult(check.Name, true, false, $"{check.Name}: no test report matching '{reportPattern}' was written (exit {result.ExitCode}); a check whose tests did not run fails", output, null, 1);
        }

        TestCounts counts;
        try
        {
            counts = reports.Select(r => TestReportParser.Parse(r, check.ReportFormat ?? "auto"))
                .Aggregate((a, b) => new TestCounts(a.Total + b.Total, a.Passed + b.Passed, a.Failed + b.Failed, a.Skipped + b.Skipped, [.. a.FailedNames, .. b.FailedNames], [.. a.Failures ?? [], .. b.Failures ?? []]));
        }
        catch (FormatException ex)
        {
            return new CheckResult(check.Name, true, false, $"{check.Name}: {ex.Message}", output, null, 1);
        }

        var passed = result.ExitCode == 0 && counts.Failed == 0 && counts.Total > 0;
        var summary = string.Create(CultureInfo.InvariantCulture, $"{check.Name}: {counts.Passed}/{counts.Total} passed, {counts.Failed} failed, {counts.Skipped} skipped");
        return new CheckResult(check.Name, true, passed, summary, output, counts, 1);
    }

    private static IEnumerable<string> ReportFiles(string workspace, string pattern)
    {
        var glob = PathGlob.Parse(pattern);
        // Links are skipped: the candidate's code may plant one that points out of the workspace (whose files the
        // stale-report sweep would then delete) or back up at it (a walk that never ends).
        var walk = new EnumerationOptions
        {
            RecurseSubdirectories = true,
            IgnoreInaccessible = true,
            AttributesToSkip = FileAttributes.Hidden | FileAttributes.System | FileAttributes.ReparsePoint,
        };
        return Directory.EnumerateFiles(workspace, "*", walk)
            .Where(f => !f.Contains("/.git/", StringComparison.Ordinal) && glob.IsMatch(Path.GetRelativePath(workspace, f)));
    }

    private static string Tail(string text) => text.Length > TailCharacters ? "..." + text[^TailCharacters..] : text;
}
