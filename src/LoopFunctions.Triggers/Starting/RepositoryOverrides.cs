using System.Text.RegularExpressions;

namespace LoopFunctions.Triggers.Starting;

/// <summary>
/// What a start may name as its repository instead of the loop's <c>workspace.repository</c> (<c>?repo=</c> on the HTTP
/// starter, <c>repository</c> in a LoopOrchestrator start's body). The caller holds a function key, not a shell on the
/// host: without this check a key would let it clone any repository the host's account can read into a run (and
/// publish it), so the override is checked before anything is scheduled.
/// </summary>
/// <remarks>
/// <para>A URL must be a git URL: <c>https</c>, <c>http</c>, <c>ssh</c> or <c>git</c>, or scp-like
/// <c>user@host:path</c>. Anything else that is not an absolute path is refused. Never a remote helper (<c>ext::...</c> runs a command), an option (a leading <c>-</c>), a
/// <c>..</c> segment or a control character.</para>
/// <para>A local path (or <c>file://</c> URL) must be absolute and a git repository (a work tree or a bare one).</para>
/// <para>With <see cref="TriggerOptions.AllowedRepositoryRoots"/> set, every override must be under one of the roots,
/// whoever calls: a local path under a folder root (symbolic links resolved on both sides), a URL under a URL root.
/// Without roots, any git URL is taken, and a local path only from a caller on this machine (loopback); where the
/// caller is not known (the Functions app), a local path needs a root. The roots are checked before the path, so a
/// caller cannot probe which folders exist outside them.</para>
/// </remarks>
public sealed partial class RepositoryOverrides
{
    private static readonly string[] GitSchemes = ["https", "http", "ssh", "git"];

    private readonly List<string> _folders = [];
    private readonly List<string> _urls = [];

    /// <param name="allowedRoots">Absolute folders and git URL prefixes; none allows what the remarks say.</param>
    /// <exception cref="ArgumentException">A root that is neither (<see cref="IsRoot"/>).</exception>
    public RepositoryOverrides(IEnumerable<string> allowedRoots)
    {
        ArgumentNullException.ThrowIfNull(allowedRoots);
        foreach (var root in allowedRoots)
        {
            if (!IsRoot(root))
            {
                throw new ArgumentException($"'{root}' is neither an absolute folder nor a git URL prefix.", nameof(allowedRoots));
            }

            if (Path.IsPathFullyQualified(root))
            {
                _folders.Add(Path.TrimEndingDirectorySeparator(RealPath(root)));
            }
            else
            {
                _urls.Add(root.Trim());
            }
        }
    }

    /// <summary>Whether any root is set: then every override must be under one, whoever calls.</summary>
    private bool HasRoots => _folders.Count + _urls.Count > 0;

    /// <summary>The roots as configured (<see cref="TriggerOptions.AllowedRepositoryRoots"/>).</summary>
    public static RepositoryOverrides From(TriggerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new RepositoryOverrides(options.AllowedRepositoryRoots);
    }

    /// <summary>Whether <paramref name="root"/> can be an allowed root: an absolute folder, or a git URL prefix
    /// (<c>https://host/owner/</c>, <c>git@host:owner/</c>) without <c>..</c>.</summary>
    public static bool IsRoot(string? root) =>
        !string.IsNullOrWhiteSpace(root)
        && (Path.IsPathFullyQualified(root) || (UrlProblem(root) is null && (root.Contains("://", StringComparison.Ordinal) || ScpLike().IsMatch(root))));

    /// <summary>Whether <paramref name="repository"/> is written as a remote address (a URL other than <c>file://</c>,
    /// scp-like <c>user@host:path</c>, or <c>transport::address</c>) rather than a path: a client resolves only a path
    /// against its working folder.</summary>
    public static bool IsRemote(string repository)
    {
        ArgumentNullException.ThrowIfNull(repository);
        return repository.Contains("://", StringComparison.Ordinal)
            ? !(Uri.TryCreate(repository, UriKind.Absolute, out var uri) && uri.IsFile)
            : !Path.IsPathFullyQualified(repository) && (repository.Contains("::", StringComparison.Ordinal) || ScpLike().IsMatch(repository));
    }

    /// <summary>Null when <paramref name="repository"/> may be used, else why not (for the 400).</summary>
    /// <param name="localCaller">The request came from this machine (a loopback address).</param>
    public string? Problem(string repository, bool localCaller)
    {
        ArgumentNullException.ThrowIfNull(repository);
        if (repository.StartsWith('-'))
        {
            return "a repository is a git URL or a path, never an option (it starts with '-')";
        }

        if (repository.Any(char.IsControl))
        {
            return "it holds a control character";
        }

        if (repository.Contains("://", StringComparison.Ordinal))
        {
            if (!Uri.TryCreate(repository, UriKind.Absolute, out var uri))
            {
                return "it is not a valid URL";
            }

            if (uri.IsFile)
            {
                return LocalProblem(uri.LocalPath, localCaller);
            }

            return !GitSchemes.Contains(uri.Scheme, StringComparer.OrdinalIgnoreCase)
                ? $"it is not a git URL: the scheme '{uri.Scheme}' is not one of https, http, ssh, git or file"
                : UrlProblem(repository) ?? RemoteProblem(repository, localCaller);
        }

        // Anything else that is not an absolute path must be scp-like (user@host:path), as the planner, which takes
        // an address with neither "://" nor "@" for a path relative to the loop's folder, reads it.
        return IsRemote(repository)
            ? UrlProblem(repository) ?? RemoteProblem(repository, localCaller)
            : LocalProblem(repository, localCaller);
    }

    /// <summary>The path with every symbolic link in it resolved (as far as the path exists), absolute.</summary>
    internal static string RealPath(string path, int depth = 0)
    {
        var full = Path.GetFullPath(path);
        var root = Path.GetPathRoot(full)!;
        var current = root;
        foreach (var part in full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            current = Path.Combine(current, part);
            if (depth < 32 && new DirectoryInfo(current).LinkTarget is { } target)
            {
                current = RealPath(Path.Combine(Path.GetDirectoryName(current)!, target), depth + 1);
            }
        }

        return current;
    }

    /// <summary>What no URL may hold; <c>transport::address</c> only matters without <c>://</c> (a URL's scheme is
    /// checked, and an IPv6 host holds <c>::</c>).</summary>
    private static string? UrlProblem(string url) =>
        !url.Contains("://", StringComparison.Ordinal) && url.Contains("::", StringComparison.Ordinal)
            ? "git remote helpers (transport::address) are not taken: give an https, ssh or git URL or a local path"
            : url.Split('/', '\\', ':').Contains("..") || url.Contains("%2e", StringComparison.OrdinalIgnoreCase) ? "it holds a '..' segment or an encoded dot"
            : null;

    private string? RemoteProblem(string url, bool localCaller)
    {
        if (HasRoots)
        {
            return _urls.Any(root => Under(url, root)) ? null : NotUnderRoots();
        }

        // Without roots a URL is anyone's to give, but one naming this machine (or a private network's host) reaches,
        // with the host's own git credentials, what a local path from off this machine may not.
        return !localCaller && IsInternalHost(HostOf(url))
            ? "a URL naming this machine or a private address is taken only from a caller on this machine, unless LoopFunctions:Triggers:AllowedRepositoryRoots lists it"
            : null;
    }

    /// <summary>The host of a URL or of scp-like <c>user@host:path</c>, brackets removed.</summary>
    private static string HostOf(string url) =>
        (url.Contains("://", StringComparison.Ordinal) && Uri.TryCreate(url, UriKind.Absolute, out var uri)
            ? uri.Host
            : url[(url.IndexOf('@', StringComparison.Ordinal) + 1)..].Split(':')[0]).Trim('[', ']');

    /// <summary>Named localhost, or a literal loopback, private, link-local or unspecified address. Names are not
    /// resolved: a lookup would make the answer depend on the network.</summary>
    private static bool IsInternalHost(string host)
    {
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (!System.Net.IPAddress.TryParse(host, out var address))
        {
            return false;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        var bytes = address.GetAddressBytes();
        return System.Net.IPAddress.IsLoopback(address) || address.Equals(System.Net.IPAddress.Any) || address.Equals(System.Net.IPAddress.IPv6Any)
            || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal
            || (bytes.Length == 4 && (bytes[0] == 10 || (bytes[0] == 172 && bytes[1] is >= 16 and <= 31) || (bytes[0] == 192 && bytes[1] == 168) || (bytes[0] == 169 && bytes[1] == 254) || bytes[0] == 0));
    }

    private string? LocalProblem(string path, bool localCaller)
    {
        if (!Path.IsPathFullyQualified(path))
        {
            return "it is neither a git URL (https://, ssh://, git://, user@host:path) nor the absolute path of a local repository";
        }

        if (path.Split('/', '\\').Any(part => part is "." or ".."))
        {
            // The check resolves links after collapsing "..", git the other way round: a link inside a root could lead out.
            return "it holds a '.' or '..' segment: give the repository's own absolute path";
        }

        var real = RealPath(path);
        if (!HasRoots && !localCaller)
        {
            return "a local path is taken only from a caller on this machine, unless LoopFunctions:Triggers:AllowedRepositoryRoots lists the folders it may be under";
        }

        if (HasRoots && !_folders.Any(root => Under(real, root)))
        {
            return NotUnderRoots();
        }

        if (!Directory.Exists(real))
        {
            return "no such folder on this host";
        }

        var bare = File.Exists(Path.Combine(real, "HEAD")) && Directory.Exists(Path.Combine(real, "objects")) && Directory.Exists(Path.Combine(real, "refs"));
        return bare || Directory.Exists(Path.Combine(real, ".git")) || File.Exists(Path.Combine(real, ".git"))
            ? null
            : "the folder is not a git repository (no .git, and not a bare repository)";
    }

    private string NotUnderRoots() =>
        $"it is not under an allowed repository root (LoopFunctions:Triggers:AllowedRepositoryRoots: {string.Join(", ", [.. _folders, .. _urls])})";

    /// <summary>Equal to the root, or below it at a segment boundary (a root <c>/srv/repos</c> does not hold
    /// <c>/srv/repos-old</c>); compared as text, after the folders' links are resolved.</summary>
    private static bool Under(string candidate, string root) =>
        root.EndsWith('/') || root.EndsWith(':')
            ? candidate.StartsWith(root, StringComparison.Ordinal)
            : candidate.Equals(root, StringComparison.Ordinal) || candidate.StartsWith(root + "/", StringComparison.Ordinal);

    /// <summary>git's scp-like syntax with a user, <c>user@host:path</c> (a colon before any slash).</summary>
    [GeneratedRegex(@"^[^@/\s]+@[^@/:\s]+:[^\s]", RegexOptions.CultureInvariant)]
    private static partial Regex ScpLike();
}
