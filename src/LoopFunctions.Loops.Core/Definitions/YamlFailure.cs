using YamlDotNet.Core;
using YamlDotNet.Core.Tokens;

namespace LoopFunctions.Loops.Definitions;

/// <summary>
/// Places a YAML syntax error in the file. YamlDotNet reports some errors as <see cref="YamlException"/> with a
/// position, others (an unclosed flow list at the end of the front matter) as a bare exception with none; either way
/// the text is scanned again to find where it went wrong, and an unclosed <c>[</c> or <c>{</c> is reported where it
/// was opened, which is where the fix goes.
/// </summary>
internal static class YamlFailure
{
    /// <param name="path">The loop file.</param>
    /// <param name="yaml">The front matter.</param>
    /// <param name="lineOffset">Lines of the file before the front matter.</param>
    /// <param name="failure">What the YAML reader threw.</param>
    public static LoopDefinitionError Locate(string path, string yaml, int lineOffset, Exception failure)
    {
        var open = new Stack<(Mark Start, char Bracket)>();
        Mark? last = null;
        try
        {
            var scanner = new Scanner(new StringReader(yaml));
            // The scanner can emit tokens forever on some broken input (a mis-indented key); there are never more
            // tokens than characters.
            for (var budget = yaml.Length + 16; budget > 0 && scanner.MoveNext(); budget--)
            {
                var token = scanner.Current!;
                last = token.Start;
                switch (token)
                {
                    case FlowSequenceStart:
                        open.Push((token.Start, '['));
                        break;
                    case FlowMappingStart:
                        open.Push((token.Start, '{'));
                        break;
                    case FlowSequenceEnd or FlowMappingEnd when open.Count > 0:
                        open.Pop();
                        break;
                    default:
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is YamlException or InvalidOperationException or ArgumentException or IndexOutOfRangeException)
        {
            // The scan stops where the reader stopped; what is open there is the answer.
        }

        if (open.Count > 0)
        {
            var (start, bracket) = open.Peek();
            var (kind, close) = bracket == '[' ? ("list", ']') : ("mapping", '}');
            return Error(path, start, lineOffset, $"invalid YAML: the flow {kind} '{bracket}' opened here is never closed with '{close}'");
        }

        var at = failure is YamlException yaml2 ? yaml2.Start : last ?? Mark.Empty;
        var reason = failure is YamlException ? failure.Message : "the YAML reader stopped here";
        return Error(path, at, lineOffset, "invalid YAML: " + reason);
    }

    private static LoopDefinitionError Error(string path, Mark mark, int lineOffset, string message) =>
        new(path, Math.Max(1, (int)mark.Line) + lineOffset, Math.Max(1, (int)mark.Column), message);
}
