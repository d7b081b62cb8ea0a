using System.Text;
using System.Text.RegularExpressions;

namespace LoopFunctions.Loops.Workspace;

/// <summary>
/// A repository path pattern: <c>**</c> any number of folders, <c>*</c> any characters but <c>/</c>, <c>?</c> one such
/// character. Paths are relative to the repository root with forward slashes. A pattern ending in <c>/</c> means
/// everything under that folder.
/// </summary>
public sealed partial class PathGlob
{
    private readonly Regex _regex;

    private PathGlob(string pattern, Regex regex)
    {
        Pattern = pattern;
        _regex = regex;
    }

    public string Pattern { get; }

    /// <exception cref="ArgumentException">The pattern is empty, absolute or climbs out with <c>..</c>.</exception>
    public static PathGlob Parse(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var p = pattern.Trim().Replace('\\', '/');
        if (p.Length == 0 || p.StartsWith('/') || p.Split('/').Contains(".."))
        {
            throw new ArgumentException($"'{pattern}' is not a repository path pattern: use a relative path such as 'tests/**' or 'src/*.cs'.", nameof(pattern));
        }

        if (p.EndsWith('/'))
        {
            p += "**";
        }

        var regex = new StringBuilder("^");
        for (var i = 0; i < p.Length; i++)
        {
            var c = p[i];
            if (c == '*' && i + 1 < p.Length && p[i + 1] == '*')
            {
                var slashAfter = i + 2 < p.Length && p[i + 2] == '/';
                regex.Append(slashAfter ? "(?:.*/)?" : ".*");
                i += slashAfter ? 2 : 1;
            }
            else
            {
                regex.Append(c switch
                {
                    '*' => "[^/]*",
                    '?' => "[^/]",
                    _ => Regex.Escape(c.ToString()),
                });
            }
        }

        return new PathGlob(pattern, new Regex(regex.Append('$').ToString(), RegexOptions.CultureInvariant | RegexOptions.Compiled, TimeSpan.FromSeconds(1)));
    }

    public bool IsMatch(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return _regex.IsMatch(path.Replace('\\', '/').TrimStart('/'));
    }

    public static bool AnyMatch(IEnumerable<PathGlob> globs, string path) => globs.Any(g => g.IsMatch(path));

    public override string ToString() => Pattern;
}
