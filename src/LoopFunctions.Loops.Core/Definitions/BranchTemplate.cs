using System.Text;
using System.Text.RegularExpressions;

namespace LoopFunctions.Loops.Definitions;

/// <summary>Branch name templates: <c>{loop}</c>, <c>{instance}</c>, <c>{date}</c> (yyyyMMdd) and <c>{pr}</c>.</summary>
public static partial class BranchTemplate
{
    private static readonly string[] Placeholders = ["loop", "instance", "date", "pr"];

    /// <summary>Null when valid, else what is wrong.</summary>
    public static string? Validate(string template)
    {
        ArgumentNullException.ThrowIfNull(template);
        foreach (Match match in PlaceholderRegex().Matches(template))
        {
            if (!Placeholders.Contains(match.Groups[1].Value))
            {
                return $"unknown placeholder '{{{match.Groups[1].Value}}}'; known: {string.Join(", ", Placeholders.Select(p => "{" + p + "}"))}";
            }
        }

        return template.Trim().Length == 0 ? "the branch template is empty" : null;
    }

    /// <summary>Fills the template and makes the result a valid git branch name. The instance id goes in through
    /// <see cref="Workspace.InstanceKey"/>, one to one, so two runs never share a branch because their ids differ only
    /// in characters a branch name cannot hold (<c>'c d'</c> and <c>'c-d'</c>).</summary>
    public static string Render(string template, string loop, string instance, DateTime date, string? pr = null)
    {
        ArgumentNullException.ThrowIfNull(template);
        var filled = PlaceholderRegex().Replace(template, m => m.Groups[1].Value switch
        {
            "loop" => loop,
            "instance" => Workspace.InstanceKey.For(instance),
            "date" => date.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture),
            "pr" => pr ?? "none",
            _ => m.Value,
        });
        var name = new StringBuilder();
        foreach (var c in filled)
        {
            name.Append(char.IsAsciiLetterOrDigit(c) || c is '/' or '-' or '_' or '.' ? c : '-');
        }

        var result = InvalidRunsRegex().Replace(name.ToString(), "-").Trim('/', '.', '-');
        return result.EndsWith(".lock", StringComparison.Ordinal) ? result[..^5] : result;
    }

    [GeneratedRegex(@"\{([a-z_]+)\}")]
    private static partial Regex PlaceholderRegex();

    [GeneratedRegex(@"\.\.+|//+|/\.|@\{")]
    private static partial Regex InvalidRunsRegex();
}
