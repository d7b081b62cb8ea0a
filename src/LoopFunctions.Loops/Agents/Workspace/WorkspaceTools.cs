using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace LoopFunctions.Loops.Agents.Workspace;

/// <summary>
/// The file operations behind the agent's tools. Every path goes through <see cref="WorkspaceFileSystem.Resolve"/>;
/// every result is text for the model, capped so one call cannot flood the context window.
/// </summary>
internal sealed class WorkspaceTools(WorkspaceFileSystem fileSystem, IReadOnlyList<LoopFunctions.Loops.Workspace.PathGlob>? protectedPaths = null)
{
    internal const int MaxListedEntries = 500;
    internal const int MaxReadChars = 100_000;
    internal const int MaxSearchMatches = 200;
    private const long MaxSearchedFileBytes = 1024 * 1024;
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(1);

    private readonly List<string> _filesWritten = [];

    /// <summary>Workspace-relative paths written or edited, first write first, without duplicates.</summary>
    public IReadOnlyList<string> FilesWritten => _filesWritten;

    public string ListFiles(string path)
    {
        var root = fileSystem.Resolve(path);
        if (!Directory.Exists(root))
        {
            throw new WorkspaceAccessException($"'{path}' is not a directory");
        }

        var lines = new List<string>();
        var pending = new Queue<string>([root]);
        while (pending.Count > 0 && lines.Count < MaxListedEntries)
        {
            var directory = pending.Dequeue();
            foreach (var entry in new DirectoryInfo(directory).EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal))
            {
                if (fileSystem.IsGitPath(entry.FullName))
                {
                    continue;
                }

                var relative = fileSystem.ToRelative(entry.FullName);
                if (entry.LinkTarget is not null)
                {
                    // Listed but not descended into: where it leads is checked when it is used.
                    lines.Add($"{relative} -> {entry.LinkTarget}");
                }
                else if (entry is DirectoryInfo)
                {
                    lines.Add(relative + "/");
                    pending.Enqueue(entry.FullName);
                }
                else
                {
                    lines.Add(relative);
                }

                if (lines.Count >= MaxListedEntries)
                {
                    lines.Add($"[listing stopped at {MaxListedEntries} entries; list a subfolder]");
                    break;
                }
            }
        }

        return lines.Count == 0 ? "(empty directory)" : string.Join('\n', lines);
    }

    public string ReadFile(string path)
    {
        var full = RequireFile(path);
        var text = File.ReadAllText(full);
        if (text.Contains('\0', StringComparison.Ordinal))
        {
            throw new WorkspaceAccessException($"'{path}' is a binary file");
        }

        return text.Length <= MaxReadChars
            ? text
            : text[..MaxReadChars] + $"\n[file truncated: showing {MaxReadChars} of {text.Length} characters]";
    }

    public string WriteFile(string path, string content)
    {
        var full = RequireWritable(path);
        if (Directory.Exists(full))
        {
            throw new WorkspaceAccessException($"'{path}' is a directory");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        Record(full);
        return string.Create(CultureInfo.InvariantCulture, $"wrote {content.Length} characters to {fileSystem.ToRelative(full)}");
    }

    public string EditFile(string path, string oldText, string newText)
    {
        if (oldText.Length == 0)
        {
            throw new WorkspaceAccessException("'old' is empty; give the exact text to replace");
        }

        var full = RequireFile(path);
        RequireWritable(path);
        var text = File.ReadAllText(full);
        var first = text.IndexOf(oldText, StringComparison.Ordinal);
        if (first < 0)
        {
            throw new WorkspaceAccessException(
                $"the text to replace was not found in '{path}'; read the file and copy the text exactly, including whitespace");
        }

        if (text.IndexOf(oldText, first + 1, StringComparison.Ordinal) >= 0)
        {
            var count = Regex.Matches(text, Regex.Escape(oldText), RegexOptions.None, RegexTimeout).Count;
            throw new WorkspaceAccessException(
                $"the text to replace occurs {count} times in '{path}'; include more surrounding lines so it occurs once");
        }

        File.WriteAllText(full, string.Concat(text.AsSpan(0, first), newText, text.AsSpan(first + oldText.Length)));
        Record(full);
        return $"edited {fileSystem.ToRelative(full)}";
    }

    public string Search(string pattern, string? path)
    {
        Regex regex;
        try
        {
            regex = new Regex(pattern, RegexOptions.CultureInvariant, RegexTimeout);
        }
        catch (ArgumentException ex)
        {
            throw new WorkspaceAccessException($"invalid regular expression '{pattern}': {ex.Message}");
        }

        var start = fileSystem.Resolve(path ?? ".");
        var files = File.Exists(start) ? [start] : EnumerateTextCandidates(start);
        var output = new StringBuilder();
        var matches = 0;
        foreach (var file in files)
        {
            var lineNumber = 0;
            foreach (var line in File.ReadLines(file))
            {
                lineNumber++;
                if (line.Contains('\0', StringComparison.Ordinal))
                {
                    break;
                }

                if (!IsMatch(regex, line))
                {
                    continue;
                }

                var shown = line.Length > 300 ? line[..300] + "..." : line;
                output.Append(CultureInfo.InvariantCulture, $"{fileSystem.ToRelative(file)}:{lineNumber}: {shown}\n");
                if (++matches >= MaxSearchMatches)
                {
                    return output.Append(CultureInfo.InvariantCulture, $"[stopped at {MaxSearchMatches} matches; narrow the pattern or path]").ToString();
                }
            }
        }

        return matches == 0 ? "no matches" : output.ToString().TrimEnd();
    }

    private static bool IsMatch(Regex regex, string line)
    {
        try
        {
            return regex.IsMatch(line);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private IEnumerable<string> EnumerateTextCandidates(string directory)
    {
        var pending = new Stack<string>([directory]);
        while (pending.Count > 0)
        {
            var current = new DirectoryInfo(pending.Pop());
            foreach (var entry in current.EnumerateFileSystemInfos().OrderByDescending(e => e.Name, StringComparer.Ordinal))
            {
                if (entry.LinkTarget is not null || fileSystem.IsGitPath(entry.FullName))
                {
                    continue;
                }

                if (entry is DirectoryInfo)
                {
                    pending.Push(entry.FullName);
                }
                else if (entry is FileInfo file && file.Length <= MaxSearchedFileBytes)
                {
                    yield return file.FullName;
                }
            }
        }
    }

    /// <summary>Resolves a path the agent wants to change: protected paths (tests, CI configuration, the scripts the
    /// checks run) are refused before anything is written, so nothing can run a rewritten check script either.</summary>
    private string RequireWritable(string path)
    {
        var full = fileSystem.Resolve(path);
        var relative = fileSystem.ToRelative(full);
        if (protectedPaths?.FirstOrDefault(g => g.IsMatch(relative)) is { } rule)
        {
            throw new WorkspaceAccessException($"'{relative}' is protected by '{rule.Pattern}': the loop's checks rely on it, so it may not be changed");
        }

        return full;
    }

    private string RequireFile(string path)
    {
        var full = fileSystem.Resolve(path);
        return File.Exists(full) ? full : throw new WorkspaceAccessException($"'{path}' does not exist or is not a file");
    }

    private void Record(string full)
    {
        var relative = fileSystem.ToRelative(full);
        if (!_filesWritten.Contains(relative, StringComparer.Ordinal))
        {
            _filesWritten.Add(relative);
        }
    }
}
