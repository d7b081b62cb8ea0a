using System.Xml;
using System.Xml.Linq;

namespace LoopFunctions.Loops.Verification;

/// <summary>Reads pass/fail counts, and why each failed test failed, from TRX (VSTest) or JUnit XML reports.</summary>
public static class TestReportParser
{
    /// <param name="path">The report file.</param>
    /// <param name="format"><c>trx</c>, <c>junit</c> or <c>auto</c> (by the root element).</param>
    /// <exception cref="FormatException">The file is not a report of that format; the message says why.</exception>
    public static TestCounts Parse(string path, string format = "auto")
    {
        XDocument document;
        try
        {
            document = XDocument.Load(path);
        }
        catch (XmlException ex)
        {
            throw new FormatException($"the test report '{path}' is not valid XML (line {ex.LineNumber}): {ex.Message}", ex);
        }

        var root = document.Root ?? throw new FormatException($"the test report '{path}' is empty");
        var isTrx = format switch
        {
            "trx" => true,
            "junit" => false,
            _ => root.Name.LocalName == "TestRun",
        };
        return isTrx ? Trx(root, path) : JUnit(root, path);
    }

    private static TestCounts Trx(XElement root, string path)
    {
        if (root.Name.LocalName != "TestRun")
        {
            throw new FormatException($"the test report '{path}' is not TRX: its root element is <{root.Name.LocalName}>, not <TestRun>");
        }

        var results = root.Descendants().Where(e => e.Name.LocalName == "UnitTestResult").ToList();
        var failures = results.Where(r => (string?)r.Attribute("outcome") is "Failed" or "Error" or "Timeout" or "Aborted")
            .Select(r => TestFailureReader.FromTrx(r, (string?)r.Attribute("testName") ?? "?")).ToList();
        var passed = results.Count(r => (string?)r.Attribute("outcome") == "Passed");
        return new TestCounts(results.Count, passed, failures.Count, results.Count - passed - failures.Count, failures.Select(f => f.Name).ToList(), failures);
    }

    private static TestCounts JUnit(XElement root, string path)
    {
        if (root.Name.LocalName is not ("testsuites" or "testsuite"))
        {
            throw new FormatException($"the test report '{path}' is not JUnit XML: its root element is <{root.Name.LocalName}>");
        }

        var cases = root.DescendantsAndSelf().Where(e => e.Name.LocalName == "testcase").ToList();
        var failures = new List<TestFailure>();
        var skipped = 0;
        foreach (var testCase in cases)
        {
            if (testCase.Elements().FirstOrDefault(e => e.Name.LocalName is "failure" or "error") is { } failure)
            {
                var className = (string?)testCase.Attribute("classname");
                var name = (className is null ? "" : className + ".") + ((string?)testCase.Attribute("name") ?? "?");
                failures.Add(TestFailureReader.FromJUnit(testCase, failure, name));
            }
            else if (testCase.Elements().Any(e => e.Name.LocalName == "skipped"))
            {
                skipped++;
            }
        }

        return new TestCounts(cases.Count, cases.Count - failures.Count - skipped, failures.Count, skipped, failures.Select(f => f.Name).ToList(), failures);
    }
}
