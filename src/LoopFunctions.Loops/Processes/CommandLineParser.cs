using System.Text;

namespace LoopFunctions.Loops.Processes;

/// <summary>
/// Splits a command line into argv the way a POSIX shell splits words, but with none of a shell's expansions:
/// <c>$(...)</c>, <c>$VAR</c>, globs, pipes and <c>;</c> stay literal text inside arguments. The result is meant for
/// <see cref="System.Diagnostics.ProcessStartInfo.ArgumentList"/>, so nothing is ever re-parsed by a shell.
/// </summary>
public static class CommandLineParser
{
    /// <summary>Splits <paramref name="commandLine"/>. Single quotes keep everything literally; double quotes keep
    /// everything except <c>\"</c> and <c>\\</c>; outside quotes a backslash escapes the next character.</summary>
    /// <exception cref="FormatException">A quote is not closed or the line ends with a lone backslash.</exception>
    public static IReadOnlyList<string> Split(string commandLine)
    {
        ArgumentNullException.ThrowIfNull(commandLine);
        var args = new List<string>();
        var current = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < commandLine.Length; i++)
        {
            var c = commandLine[i];
            if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    args.Add(current.ToString());
                    current.Clear();
                    inWord = false;
                }

                continue;
            }

            inWord = true;
            switch (c)
            {
                case '\'':
                    var close = commandLine.IndexOf('\'', i + 1);
                    if (close < 0)
                    {
                        throw new FormatException($"unclosed single quote at column {i + 1} in: {commandLine}");
                    }

                    current.Append(commandLine, i + 1, close - i - 1);
                    i = close;
                    break;
                case '"':
                    i = ReadDoubleQuoted(commandLine, i, current);
                    break;
                case '\\':
                    if (i + 1 >= commandLine.Length)
                    {
                        throw new FormatException($"the command ends with a lone backslash: {commandLine}");
                    }

                    current.Append(commandLine[++i]);
                    break;
                default:
                    current.Append(c);
                    break;
            }
        }

        if (inWord)
        {
            args.Add(current.ToString());
        }

        return args;
    }

    private static int ReadDoubleQuoted(string line, int start, StringBuilder into)
    {
        for (var i = start + 1; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '"')
            {
                return i;
            }

            if (c == '\\' && i + 1 < line.Length && line[i + 1] is '"' or '\\')
            {
                into.Append(line[++i]);
                continue;
            }

            into.Append(c);
        }

        throw new FormatException($"unclosed double quote at column {start + 1} in: {line}");
    }
}
