namespace LoopFunctions.Loops.Tests.Verification;

/// <summary>The XML reports under <c>TestData/reports</c>, copied next to the test assembly.</summary>
internal static class ReportFixtures
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", "reports", name);
}
