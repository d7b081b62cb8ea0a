using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.Json;
using LoopFunctions.Loops.Definitions;

namespace LoopFunctions.Cli.Commands;

/// <summary>Makes the options several commands share, so each reads the same in every command's help and is checked
/// by the same rule. A value that cannot be right (bad JSON, a count of 0) is a parse error: exit 2 before anything
/// is opened or started.</summary>
internal static class CliOptions
{
    public static Option<string?> Text(string name, string valueName, string description) =>
        new(name) { Description = description, HelpName = valueName };

    public static Option<bool> Flag(string name, string description) => new(name) { Description = description };

    public static Option<string?> Store(string description = "The embedded store (default: the one host.json names, else .loopfunctions/store.db)") =>
        Text("--store", "PATH", description);

    public static Option<bool> Json(string description) => Flag("--json", description);

    /// <summary>JSON text, kept as given (the commands pass it on as text).</summary>
    public static Option<string?> JsonText(string name, string description)
    {
        var option = Text(name, "JSON", description);
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is not { } text)
            {
                return;
            }

            try
            {
                using var _ = JsonDocument.Parse(text);
            }
            catch (JsonException ex)
            {
                result.AddError($"{name} is not valid JSON: {ex.Message}");
            }
        });
        return option;
    }

    /// <summary>A count above zero, written as plain digits.</summary>
    public static Option<int> PositiveCount(string name, int defaultValue, string description) => new(name)
    {
        Description = description,
        HelpName = "N",
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result =>
        {
            if (result.Tokens.Count == 0)
            {
                return defaultValue;
            }

            var text = result.Tokens[0].Value;
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0)
            {
                return value;
            }

            result.AddError($"{name} must be a positive whole number, not '{text}'");
            return defaultValue;
        },
    };

    /// <summary>A duration as loop files write them (<c>30s</c>, <c>10m</c>, <c>2h</c>); null when not given.</summary>
    public static Option<TimeSpan?> Duration(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "DURATION",
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 0 ? "" : result.Tokens[0].Value;
            if (DurationParser.TryParse(text, out var duration))
            {
                return duration;
            }

            result.AddError($"{name} '{text}' is not a duration such as 30s or 10m");
            return null;
        },
    };

    /// <summary>An optional folder argument that defaults to <c>./loops</c>.</summary>
    public static Argument<string> LoopsFolder(string name, string description) => new(name)
    {
        Description = description,
        Arity = ArgumentArity.ZeroOrOne,
        DefaultValueFactory = _ => "loops",
    };

    /// <summary>The instance id a command acts on.</summary>
    public static Argument<string> InstanceId() => new("id") { Description = "The instance id" };

    /// <summary>The writers the command prints to: the process's, or a test's.</summary>
    public static (TextWriter Output, TextWriter Error) Writers(this ParseResult parse) =>
        (parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
}
