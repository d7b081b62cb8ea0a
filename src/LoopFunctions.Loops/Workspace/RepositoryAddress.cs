namespace LoopFunctions.Loops.Workspace;

/// <summary>A repository address as it may be shown: in a message, a failure stored in history, an HTTP answer.</summary>
internal static class RepositoryAddress
{
    /// <summary><paramref name="repository"/> without the user information of a URL (<c>https://user:token@host/x</c>
    /// shows as <c>https://host/x</c>): a token given in the address must not reach a log, a stored failure or a caller.
    /// An scp-like address (<c>git@host:x</c>) and a path are shown as they are; they carry no secret.</summary>
    public static string Display(string repository) =>
        repository.Contains("://", StringComparison.Ordinal) && Uri.TryCreate(repository, UriKind.Absolute, out var url) && url.UserInfo.Length > 0
            ? new UriBuilder(url) { UserName = "", Password = "" }.Uri.ToString()
            : repository;

    /// <summary><paramref name="text"/> (git's own output, say) with <paramref name="repository"/> shown by
    /// <see cref="Display"/>.</summary>
    public static string Scrub(string text, string repository) =>
        text.Replace(repository, Display(repository), StringComparison.Ordinal);
}
