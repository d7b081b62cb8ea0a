using LoopFunctions.Loops.Verification;

namespace LoopFunctions.Loops.Tests.Verification;

public sealed class VerificationEvaluatorTests
{
    private static readonly IReadOnlyDictionary<string, CheckBaseline> Baseline = new Dictionary<string, CheckBaseline>
    {
        ["tests"] = new(false, 10, 1, ["Suite.AlreadyBroken"]),
        ["build"] = new(true, null, null, []),
    };

    [Fact]
    public void Evaluate_AllPass_PassesWithoutFeedback()
    {
        var outcome = VerificationEvaluator.Evaluate([Build(true), Tests(10, 1)], Baseline, []);

        Assert.True(outcome.Passed);
        Assert.Equal("build: passed; tests: 9/10 passed, 0 failed, 1 skipped", outcome.Summary);
        Assert.Equal("", outcome.Feedback);
        Assert.Equal(0, outcome.Signal);
        Assert.Null(outcome.Baseline);
        Assert.All(outcome.Checks, c => Assert.True(c.Passed));
    }

    [Fact]
    public void Evaluate_NoChecks_DoesNotPass()
    {
        var outcome = VerificationEvaluator.Evaluate([], Baseline, []);

        Assert.False(outcome.Passed);
        Assert.Equal("no checks", outcome.Summary);
    }

    [Fact]
    public void Evaluate_FailuresAgainstBaseline_SplitsNewFromPreExisting()
    {
        var outcome = VerificationEvaluator.Evaluate([Build(true), Tests(10, 1, "Suite.AlreadyBroken", "Suite.NewlyBroken")], Baseline, []);

        Assert.False(outcome.Passed);
        var tests = Assert.Single(outcome.Checks, c => c.Name == "tests");
        Assert.Equal(["Suite.NewlyBroken"], tests.NewFailures);
        Assert.Equal(["Suite.AlreadyBroken"], tests.PreExistingFailures);
        Assert.Equal(10, tests.TestsFound);
        Assert.Contains("new failures: Suite.NewlyBroken", outcome.Feedback, StringComparison.Ordinal);
        Assert.Contains("already failing before the loop: Suite.AlreadyBroken", outcome.Feedback, StringComparison.Ordinal);
        Assert.Contains("output (end):", outcome.Feedback, StringComparison.Ordinal);
        Assert.Equal(3, outcome.Signal); // one failed check plus its two failed tests
    }

    [Fact]
    public void Evaluate_WithoutBaseline_AllFailuresAreNew()
    {
        var outcome = VerificationEvaluator.Evaluate([Tests(10, 1, "Suite.AlreadyBroken")], null, []);

        var tests = Assert.Single(outcome.Checks);
        Assert.Equal(["Suite.AlreadyBroken"], tests.NewFailures);
        Assert.Empty(tests.PreExistingFailures);
    }

    [Fact]
    public void Evaluate_FewerTestsFoundThanBaseline_FailsEvenIfAllPass()
    {
        var outcome = VerificationEvaluator.Evaluate([Tests(7, 1)], Baseline, []);

        Assert.False(outcome.Passed);
        Assert.Contains("tests found dropped from 10 to 7", outcome.Summary, StringComparison.Ordinal);
        Assert.Contains("Check 'tests' failed:", outcome.Feedback, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_MoreTestsFound_Passes()
    {
        Assert.True(VerificationEvaluator.Evaluate([Tests(12, 1)], Baseline, []).Passed);
    }

    [Fact]
    public void Evaluate_MoreSkippedThanBaseline_Fails()
    {
        var outcome = VerificationEvaluator.Evaluate([Tests(10, 3)], Baseline, []);

        Assert.False(outcome.Passed);
        Assert.Contains("tests skipped rose from 1 to 3", outcome.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_CheckThatDidNotRun_Fails()
    {
        var didNotRun = new CheckResult("build", false, false, "build: could not run: no such file", "", null, 1);

        var outcome = VerificationEvaluator.Evaluate([didNotRun], Baseline, []);

        Assert.False(outcome.Passed);
        Assert.Contains("Check 'build' failed: build: could not run", outcome.Feedback, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_RestoredProtectedFiles_MentionedInFeedback()
    {
        var outcome = VerificationEvaluator.Evaluate([Build(false)], Baseline, ["tests/test_calc.py", ".github/workflows/ci.yml"]);

        Assert.Contains("Protected files you changed were restored", outcome.Feedback, StringComparison.Ordinal);
        Assert.Contains("tests/test_calc.py, .github/workflows/ci.yml", outcome.Feedback, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_LongOutput_FeedbackKeepsOnlyTheEnd()
    {
        var output = new string('x', 5000) + "THE-END";
        var failing = new CheckResult("build", true, false, "build: failed (exit 1)", output, null, 1);

        var outcome = VerificationEvaluator.Evaluate([failing], Baseline, []);

        Assert.Contains("THE-END", outcome.Feedback, StringComparison.Ordinal);
        Assert.DoesNotContain(new string('x', 1600), outcome.Feedback, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_BaselineRun_ReturnsBaselineThatReadBaselineReadsBack()
    {
        var outcome = VerificationEvaluator.Evaluate([Build(true), Tests(10, 1, "Suite.AlreadyBroken")], null, []);

        var read = VerificationEvaluator.ReadBaseline(outcome.Baseline);

        Assert.NotNull(read);
        Assert.Equal(["build", "tests"], read.Keys.Order(StringComparer.Ordinal));
        Assert.Equal((true, (int?)null, (int?)null), (read["build"].Passed, read["build"].TestsFound, read["build"].Skipped));
        Assert.Empty(read["build"].FailedTests);
        Assert.Equal((false, (int?)10, (int?)1), (read["tests"].Passed, read["tests"].TestsFound, read["tests"].Skipped));
        Assert.Equal(["Suite.AlreadyBroken"], read["tests"].FailedTests);
    }

    [Fact]
    public void Evaluate_ReadBackBaseline_SplitsFailuresOnNextRun()
    {
        var baseline = VerificationEvaluator.ReadBaseline(VerificationEvaluator.Evaluate([Tests(10, 1, "Suite.AlreadyBroken")], null, []).Baseline);

        var outcome = VerificationEvaluator.Evaluate([Tests(10, 1, "Suite.AlreadyBroken", "Suite.New")], baseline, []);

        var tests = Assert.Single(outcome.Checks);
        Assert.Equal(["Suite.New"], tests.NewFailures);
        Assert.Equal(["Suite.AlreadyBroken"], tests.PreExistingFailures);
    }

    [Fact]
    public void ReadBaseline_Null_ReturnsNull()
    {
        Assert.Null(VerificationEvaluator.ReadBaseline(null));
    }

    [Fact]
    public void Evaluate_ReportSaysWhyTestsFailed_FeedbackCarriesMessageAndLocationNewFirst()
    {
        TestFailure[] failures =
        [
            new("Suite.AlreadyBroken", "expected 1, got 2", "tests/a.py:3"),
            new("Suite.NewlyBroken", "Assert.Equal() Failure\nExpected: 4\nActual:   0", "/workspace/CalcTests.cs:14"),
        ];
        var counts = new TestCounts(10, 7, 2, 1, failures.Select(f => f.Name).ToList(), failures);
        var result = new CheckResult("tests", true, false, "tests: 7/10 passed, 2 failed, 1 skipped", "test output", counts, 1);

        var feedback = VerificationEvaluator.Evaluate([result], Baseline, []).Feedback;

        var newly = feedback.IndexOf("- Suite.NewlyBroken (/workspace/CalcTests.cs:14): Assert.Equal() Failure", StringComparison.Ordinal);
        var already = feedback.IndexOf("- Suite.AlreadyBroken (tests/a.py:3): expected 1, got 2", StringComparison.Ordinal);
        Assert.True(newly >= 0 && already > newly, feedback);
        Assert.Contains("Expected: 4", feedback, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_ThousandFailures_FeedbackCappedAndSaysHowManyMore()
    {
        var failures = Enumerable.Range(0, 1000).Select(i => new TestFailure($"Suite.Test{i}", new string('x', 300), null)).ToList();
        var counts = new TestCounts(1000, 0, 1000, 0, failures.Select(f => f.Name).ToList(), failures);
        var result = new CheckResult("tests", true, false, "tests: 0/1000 passed, 1000 failed, 0 skipped", "test output", counts, 1);

        var feedback = VerificationEvaluator.Evaluate([result], Baseline, []).Feedback;

        Assert.True(feedback.Length < 8000, $"feedback is {feedback.Length} characters");
        Assert.Contains("- Suite.Test0: xxx", feedback, StringComparison.Ordinal);
        Assert.Matches(@"\.\.\. and (9[0-9][0-9]) more", feedback);
    }

    private static CheckResult Build(bool passed) =>
        new("build", true, passed, passed ? "build: passed" : "build: failed (exit 1)", passed ? "" : "error CS1002: ; expected", null, 1);

    private static CheckResult Tests(int total, int skipped, params string[] failed)
    {
        var passed = total - skipped - failed.Length;
        var counts = new TestCounts(total, passed, failed.Length, skipped, failed);
        return new CheckResult("tests", true, failed.Length == 0, $"tests: {passed}/{total} passed, {failed.Length} failed, {skipped} skipped", "test output", counts, 1);
    }
}
