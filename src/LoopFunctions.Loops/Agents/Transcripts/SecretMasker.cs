using System.Text.RegularExpressions;

namespace LoopFunctions.Loops.Agents.Transcripts;

/// <summary>
/// Masks secrets in text before it is stored: the values the step knows to be secret (the agent's API key, the
/// variables its loop passes it, the host's GitHub token) wherever they appear, and the common shapes of tokens
/// (provider API keys, GitHub tokens, bearer headers, storage account keys and SAS signatures, passwords in URLs),
/// so an agent that prints a key it found does not store it.
/// </summary>
public sealed partial class SecretMasker
{
    /// <summary>What a masked secret reads as.</summary>
    public const string Mask = "***";

    /// <summary>Values shorter than this are not masked as values: "1" or "true" would mask half the transcript.</summary>
    public const int MinSecretLength = 6;

    private readonly string[] _secrets;

    /// <summary>Creates a masker for <paramref name="secrets"/> (nulls, empty and short values are ignored).</summary>
    public SecretMasker(IEnumerable<string?> secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);

        // Longest first, so a secret that contains another is masked whole.
        // A coding CLI's JSON events hold text escaped: a secret with a quote, a backslash or a non-ASCII character is
        // stored in its escaped form, so that form is masked too.
        _secrets = [.. secrets.OfType<string>().Select(s => s.Trim()).Where(s => s.Length >= MinSecretLength)
            .SelectMany(s => new[] { s, System.Text.Json.JsonEncodedText.Encode(s).Value, System.Text.Json.JsonEncodedText.Encode(s, System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping).Value })
            .Distinct(StringComparer.Ordinal).OrderByDescending(s => s.Length)];
    }

    /// <summary>A masker for token shapes only.</summary>
    public static SecretMasker Shapes { get; } = new([]);

    /// <summary><paramref name="text"/> with every known secret and token shape replaced by <see cref="Mask"/>.</summary>
    public string Apply(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var secret in _secrets)
        {
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
        }

        text = Tokens().Replace(text, Mask);
        text = UrlPasswords().Replace(text, m => m.Groups["name"].Value + Mask);
        return Assignments().Replace(text, m => m.Groups["name"].Value + Mask);
    }

    /// <summary>Tokens recognisable on their own: OpenAI/Anthropic keys, GitHub tokens, Slack tokens, AWS access key
    /// ids, Google API keys, JSON web tokens.</summary>
    [GeneratedRegex(@"\b(?:sk-(?:proj-|ant-|svcacct-)?[A-Za-z0-9_\-]{16,}|gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|xox[abprs]-[A-Za-z0-9\-]{10,}|AKIA[0-9A-Z]{16}|AIza[0-9A-Za-z_\-]{30,}|eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,})", RegexOptions.CultureInvariant)]
    private static partial Regex Tokens();

    /// <summary>Secrets known by what precedes them: a bearer header, a storage account key, a SAS signature, and <c>api_key=</c>, <c>password:</c>, <c>secret=</c>, <c>token:</c> assignments (the name is
    /// kept, the value masked).</summary>
    [GeneratedRegex(@"(?<name>\bBearer\s+|\bAccountKey=|\bSharedAccessSignature=|[?&]sig=|\b(?:api[_\-]?key|apikey|password|passwd|secret|client_secret|access_token|auth_token|token)[""']?\s*[:=]\s*[""']?)(?<value>[^\s""'&;@,]{6,})(?=[\s""'&;@,]|$)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Assignments();

    /// <summary>The password of a URL's user information (<c>https://user:password@host</c>).</summary>
    [GeneratedRegex(@"(?<name>://[^/\s:@]+:)[^/\s@]+(?=@)", RegexOptions.CultureInvariant)]
    private static partial Regex UrlPasswords();
}
