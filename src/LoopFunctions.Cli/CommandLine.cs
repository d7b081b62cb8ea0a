namespace LoopFunctions.Cli;

/// <summary>
/// The parsed words of one invocation: positional arguments and <c>--name value</c> / <c>--flag</c> options.
/// Small on purpose: every command declares what it accepts, and anything else is a usage error.
/// </summary>
internal sealed class CommandLine
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    private CommandLine(List<string> positional) => Positional = positional;

    public IReadOnlyList<string> Positional { get; }

    /// <param name="args">The words after the command name.</param>
    /// <param name="flags">Options that take no value.</param>
    /// <exception cref="UsageException">An option is missing its value or repeated.</exception>
    public static CommandLine Parse(IEnumerable<string> args, params string[] flags)
    {
        var positional = new List<string>();
        var line = new CommandLine(positional);
        using var words = args.GetEnumerator();
        while (words.MoveNext())
        {
            var word = words.Current;
            if (!word.StartsWith("--", StringComparison.Ordinal) || word == "--")
            {
                positional.Add(word);
                continue;
            }

            var eq = word.IndexOf('=', StringComparison.Ordinal);
            var name = eq > 0 ? word[2..eq] : word[2..];
            string? value = eq > 0 ? word[(eq + 1)..] : null;
            if (value is null && !flags.Contains(name))
            {
                value = words.MoveNext() ? words.Current : throw new UsageException($"option --{name} needs a value");
            }

            if (!line._options.TryAdd(name, value))
            {
                throw new UsageException($"option --{name} is given twice");
            }
        }

        return line;
    }

    public string? Option(string name)
    {
        _read.Add(name);
        return _options.GetValueOrDefault(name);
    }

    public bool Flag(string name)
    {
        _read.Add(name);
        return _options.ContainsKey(name);
    }

    public int IntOption(string name, int defaultValue)
    {
        var text = Option(name);
        return text is null ? defaultValue
            : int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) && value > 0 ? value
            : throw new UsageException($"--{name} must be a positive whole number, not '{text}'");
    }

    /// <summary>Fails on options the command did not read: a typo must not be silently ignored.</summary>
    public void EnsureAllRead()
    {
        var unknown = _options.Keys.Where(k => !_read.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new UsageException($"unknown option{(unknown.Count > 1 ? "s" : "")}: {string.Join(", ", unknown.Select(u => "--" + u))}");
        }
    }
}
