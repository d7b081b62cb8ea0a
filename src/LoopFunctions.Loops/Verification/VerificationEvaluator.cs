using System.Globalization;
using System.Text;
using System.Text.Json;
using LoopFunctions.Loops.Orchestration.Steps;

namespace LoopFunctions.Loops.Verification;

/// <summary>
/// Turns check results into a verdict, against the baseline recorded on the base commit. Anti-tampering rules: a
/// check that did not run fails; fewer tests found than on the base commit fails; more tests skipped than on the
/// base commit fails. Failures are split into new ones and ones that were already failing on the base commit.
/// </summary>
public static class VerificationEvaluator
{
    private const int FeedbackTail = 1500;
    private const int FailureDetailsCap = 4000;
    private const int MaxFailureDetails = 10;

    /// <param name="results">This run's check results.</param>
    /// <param name="baseline">The baseline by check name; null when this is the baseline run.</param>
    /// <param name="restored">Protected paths the agent had changed and that were restored before the checks ran.</param>
    public static VerificationOutcome Evaluate(IReadOnlyList<CheckResult> results, IReadOnlyDictionary<string, CheckBaseline>? baseline, IReadOnlyList<string> restored)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(restored);
        var outcomes = new List<CheckOutcome>();
        var feedback = new StringBuilder();
        if (restored.Count > 0)
        {
            feedback.AppendLine(CultureInfo.InvariantCulture, $"Protected files you changed were restored before the checks ran (changing them cannot make the loop pass): {string.Join(", ", restored)}.");
        }

        double signal = 0;
        foreach (var result in results)
        {
            var before = baseline?.GetValueOrDefault(result.Name);
            var (passed, summary) = (result.Passed, result.Summary);
            if (before?.TestsFound is { } expected && result.Tests is { } tests && tests.Total < expected)
            {
                (passed, summary) = (false, string.Create(CultureInfo.InvariantCulture, $"{summary}; tests found dropped from {expected} to {tests.Total}"));
            }

            if (before?.Skipped is { } skippedBefore && result.Tests is { } counted && counted.Skipped > skippedBefore)
            {
                (passed, summary) = (false, string.Create(CultureInfo.InvariantCulture, $"{summary}; tests skipped rose from {skippedBefore} to {counted.Skipped}"));
            }

            var failedNames = result.Tests?.FailedNames ?? [];
            var preExisting = failedNames.Where(n => before?.FailedTests.Contains(n) == true).ToList();
            var newFailures = failedNames.Except(preExisting).ToList();
            outcomes.Add(new CheckOutcome(result.Name, passed, summary, result.Tests?.Total, newFailures, preExisting));
            if (!passed)
            {
                signal += 1 + (result.Tests?.Failed ?? 0);
                feedback.AppendLine(CultureInfo.InvariantCulture, $"Check '{result.Name}' failed: {summary}");
                if (newFailures.Count > 0)
                {
                    feedback.AppendLine(CultureInfo.InvariantCulture, $"  new failures: {string.Join(", ", newFailures.Take(20))}");
                }

                if (preExisting.Count > 0)
                {
                    feedback.AppendLine(CultureInfo.InvariantCulture, $"  already failing before the loop: {string.Join(", ", preExisting.Take(20))}");
                }

                AppendFailures(feedback, result.Tests?.Failures, newFailures);
                var tail = result.OutputTail.Length > FeedbackTail ? "..." + result.OutputTail[^FeedbackTail..] : result.OutputTail;
                feedback.AppendLine("  output (end):").AppendLine(tail.Trim());
            }
        }

        var allPassed = outcomes.Count > 0 && outcomes.All(o => o.Passed);
        var line = string.Join("; ", outcomes.Select(o => o.Summary));
        var baselineData = baseline is null
            ? JsonSerializer.Serialize(results.ToDictionary(r => r.Name, r => new CheckBaseline(r.Passed, r.Tests?.Total, r.Tests?.Skipped, r.Tests?.FailedNames ?? [])))
            : null;
        return new VerificationOutcome(allPassed, line.Length == 0 ? "no checks" : line, allPassed ? "" : feedback.ToString(), signal, outcomes, baselineData);
    }

    /// <summary>Why the tests failed, from the report: new failures first, then the ones that already failed on the
    /// base commit (in a loop that fixes failing tests those are the point). Capped in count and size, so one check
    /// with a thousand failures cannot crowd out the rest of the prompt.</summary>
    private static void AppendFailures(StringBuilder feedback, IReadOnlyList<TestFailure>? failures, IReadOnlyList<string> newFailures)
    {
        if (failures is not { Count: > 0 })
        {
            return;
        }

        var budget = FailureDetailsCap;
        var shown = 0;
        feedback.AppendLine("  why they failed (from the test report):");
        foreach (var failure in failures.OrderBy(f => newFailures.Contains(f.Name) ? 0 : 1))
        {
            var entry = $"  - {failure.Name}{(failure.Location is null ? "" : " (" + failure.Location + ")")}: {failure.Message.Replace("\n", "\n      ", StringComparison.Ordinal)}";
            if (shown == MaxFailureDetails || entry.Length > budget)
            {
                feedback.AppendLine(CultureInfo.InvariantCulture, $"  ... and {failures.Count - shown} more");
                return;
            }

            feedback.AppendLine(entry);
            budget -= entry.Length;
            shown++;
        }
    }

    public static IReadOnlyDictionary<string, CheckBaseline>? ReadBaseline(string? data) =>
        data is null ? null : JsonSerializer.Deserialize<Dictionary<string, CheckBaseline>>(data);
}
