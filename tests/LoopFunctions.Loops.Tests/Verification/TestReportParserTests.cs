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
