namespace LoopFunctions.Loops.Workspace;

/// <summary>A repository address as it may be shown: in a message, a failure stored in history, an HTTP answer.</summary>
public static class RepositoryAddress
{
    /// <summary>Whether <paramref name="repository"/> is a remote address (<c>https://...</c>, <c>git@host:x</c>)
    /// rather than a local path, which is resolved against the loop's folder.</summary>
    public static bool IsRemote(string repository)
    {
        ArgumentNullException.ThrowIfNull(repository);
        return repository.Contains("://", StringComparison.Ordinal) || repository.Contains('@', StringComparison.Ordinal);
    }

    /// <summary><paramref name="repository"/> without the user information of a URL (<c>https://user:token@host/x</c>
    /// shows as <c>https://host/x</c>): a token given in the address must not reach a log, a stored failure or a caller.
    /// An scp-like address (<c>git@host:x</c>) and a path are shown as they are; they carry no secret.</summary>
    public static string Display(string repository)
    {
        ArgumentNullException.ThrowIfNull(repository);
        return repository.Contains("://", StringComparison.Ordinal) && Uri.TryCreate(repository, UriKind.Absolute, out var url) && url.UserInfo.Length > 0
            ? new UriBuilder(url) { UserName = "", Password = "" }.Uri.ToString()
            : repository;
    }

    /// <summary><paramref name="text"/> (git's own output, say) with <paramref name="repository"/> shown by
    /// <see cref="Display"/>.</summary>
    public static string Scrub(string text, string repository)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Replace(repository, Display(repository), StringComparison.Ordinal);
    }
}
