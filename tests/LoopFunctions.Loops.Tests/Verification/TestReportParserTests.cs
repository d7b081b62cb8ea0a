using LoopFunctions.Loops.Verification;

namespace LoopFunctions.Loops.Tests.Verification;

public sealed class TestReportParserTests
{
    [Theory]
    [InlineData("auto")]
    [InlineData("trx")]
    public void Parse_VsTestTrx_CountsPassedFailedAndNotExecuted(string format)
    {
        var counts = TestReportParser.Parse(ReportFixtures.PathOf("vstest.trx"), format);

        Assert.Equal((4, 2, 1, 1), (counts.Total, counts.Passed, counts.Failed, counts.Skipped));
        Assert.Equal(["Calc.Tests.Div_ByZero_Throws"], counts.FailedNames);
    }

    [Theory]
    [InlineData("auto")]
    [InlineData("junit")]
    public void Parse_JUnitTestsuites_CountsFailureErrorAndSkipped(string format)
    {
        var counts = TestReportParser.Parse(ReportFixtures.PathOf("junit-testsuites.xml"), format);

        Assert.Equal((5, 2, 2, 1), (counts.Total, counts.Passed, counts.Failed, counts.Skipped));
        Assert.Equal(["tests.test_calc.test_div", "tests.test_io.test_read"], counts.FailedNames);
    }

    [Fact]
    public void Parse_DotnetTestTrxFailure_ReadsTheAssertionMessageAndFileLine()
    {
        var counts = TestReportParser.Parse(ReportFixtures.PathOf("xunit-failure.trx"));

        var failure = Assert.Single(counts.Failures!);
        Assert.Equal("Calc.Tests.CalcTests.Add_TwoAndTwo_IsFour", failure.Name);
        Assert.Equal("Assert.Equal() Failure: Values differ\nExpected: 4\nActual:   0", failure.Message.ReplaceLineEndings("\n"));
        Assert.Equal("/workspace/tests/Calc.Tests/CalcTests.cs:14", failure.Location);
    }

    [Fact]
    public void Parse_PytestJUnitFailure_ReadsTheAssertionAndFileLine()
    {
        var counts = TestReportParser.Parse(ReportFixtures.PathOf("pytest-failure.xml"));

        var failure = Assert.Single(counts.Failures!);
        Assert.Equal("test_calc.test_add", failure.Name);
        Assert.Contains("assert -0 == 4", failure.Message, StringComparison.Ordinal);
        Assert.Contains("where -0 = add(2, 2)", failure.Message, StringComparison.Ordinal);
        Assert.Equal("test_calc.py:5", failure.Location);
    }

    [Fact]
    public void Parse_JUnitFailureWithFileAndLineAttributes_UsesThem()
    {
        var counts = TestReportParser.Parse(ReportFixtures.PathOf("junit-testsuite.xml"));

        var failure = Assert.Single(counts.Failures!);
        Assert.Equal("expected:<2> but was:<3>", failure.Message);
        Assert.Null(failure.Location);
    }

    [Fact]
    public void Parse_JUnitSingleTestsuite_CountsFailure()
    {
        var counts = TestReportParser.Parse(ReportFixtures.PathOf("junit-testsuite.xml"));

        Assert.Equal((3, 2, 1, 0), (counts.Total, counts.Passed, counts.Failed, counts.Skipped));
        Assert.Equal(["com.example.CalcTest.divides"], counts.FailedNames);
    }

    [Fact]
    public void Parse_InvalidXml_ThrowsFormatExceptionWithFileAndLine()
    {
        var path = ReportFixtures.PathOf("invalid.xml");

        var ex = Assert.Throws<FormatException>(() => TestReportParser.Parse(path));

        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains("not valid XML (line ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WrongRootAuto_ThrowsFormatExceptionNamingRoot()
    {
        var ex = Assert.Throws<FormatException>(() => TestReportParser.Parse(ReportFixtures.PathOf("wrong-root.xml")));

        Assert.Contains("is not JUnit XML: its root element is <coverage>", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_JUnitReadAsTrx_ThrowsFormatExceptionNamingRoot()
    {
        var ex = Assert.Throws<FormatException>(() => TestReportParser.Parse(ReportFixtures.PathOf("junit-testsuite.xml"), "trx"));

        Assert.Contains("is not TRX: its root element is <testsuite>, not <TestRun>", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TrxReadAsJUnit_ThrowsFormatException()
    {
        var ex = Assert.Throws<FormatException>(() => TestReportParser.Parse(ReportFixtures.PathOf("vstest.trx"), "junit"));

        Assert.Contains("<TestRun>", ex.Message, StringComparison.Ordinal);
    }
}
