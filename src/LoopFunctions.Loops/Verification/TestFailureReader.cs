using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace LoopFunctions.Loops.Verification;

/// <summary>Reads why a test failed from its report entry: TRX <c>Output/ErrorInfo</c> (<c>Message</c>,
/// <c>StackTrace</c>) or a JUnit <c>failure</c>/<c>error</c> element (its <c>message</c> and text, the test case's
/// <c>file</c>/<c>line</c>).</summary>
internal static partial class TestFailureReader
{
    /// <summary>A message longer than this is cut: the feedback carries many failures and has a size cap of its own.</summary>
    private const int MessageCap = 600;

    public static TestFailure FromTrx(XElement result, string name)
    {
        var error = result.Descendants().FirstOrDefault(e => e.Name.LocalName == "ErrorInfo");
        var message = Child(error, "Message") ?? "";
        var stack = Child(error, "StackTrace");
        return new TestFailure(name, Cap(message), Location(stack));
    }

    public static TestFailure FromJUnit(XElement testCase, XElement failure, string name)
    {
        var attribute = (string?)failure.Attribute("message");
        var text = failure.Value.Trim();
        // pytest puts the assertion in the attribute and the source excerpt with "E   " lines in the text; JUnit 5 the
        // expected/actual in the attribute and the stack in the text. The attribute first, then the text's telling lines.
        var telling = string.Join('\n', text.Split('\n').Select(l => l.TrimEnd()).Where(IsTelling)
            .Where(l => attribute is null || !attribute.Contains(l.TrimStart('E', ' '), StringComparison.Ordinal)).Take(8));
        var message = string.Join('\n', new[] { attribute, telling }.Where(s => !string.IsNullOrWhiteSpace(s)).Distinct());
        if (message.Length == 0)
        {
            message = text;
        }

        var file = (string?)testCase.Attribute("file");
        var line = (string?)testCase.Attribute("line");
        var location = file is not null ? (line is null ? file : $"{file}:{line}") : Location(text);
        return new TestFailure(name, Cap(message), location);
    }

    private static bool IsTelling(string line)
    {
        var trimmed = line.TrimStart();
        return trimmed.StartsWith("E ", StringComparison.Ordinal)
            || trimmed.StartsWith("Expected", StringComparison.OrdinalIgnoreCase)
            || trimmed.StartsWith("Actual", StringComparison.OrdinalIgnoreCase)
            || trimmed.StartsWith("assert", StringComparison.OrdinalIgnoreCase)
            || trimmed.Contains("Error:", StringComparison.Ordinal);
    }

    /// <summary>The first frame that names a source line: .NET's <c>in FILE:line N</c>, else <c>FILE:N</c> (Python,
    /// Java, JavaScript traces).</summary>
    private static string? Location(string? trace)
    {
        if (string.IsNullOrEmpty(trace))
        {
            return null;
        }

        if (DotNetFrame().Match(trace) is { Success: true } dotnet)
        {
            return $"{dotnet.Groups["file"].Value}:{dotnet.Groups["line"].Value}";
        }

        return SourceLine().Match(trace) is { Success: true } other ? $"{other.Groups["file"].Value}:{other.Groups["line"].Value}" : null;
    }

    private static string? Child(XElement? parent, string name) =>
        parent?.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value.Trim();

    private static string Cap(string text) => text.Length <= MessageCap ? text : text[..MessageCap] + " ...";

    [GeneratedRegex(@" in (?<file>[^\r\n]+?):line (?<line>\d+)")]
    private static partial Regex DotNetFrame();

    [GeneratedRegex(@"(?<file>[\w./\\-]+\.(?:py|java|kt|js|ts|mjs|go|rb|rs|cs|fs|php)):(?<line>\d+)")]
    private static partial Regex SourceLine();
}
