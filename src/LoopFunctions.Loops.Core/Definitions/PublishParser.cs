using System.Text.RegularExpressions;
using LoopFunctions.Loops.Plans;

namespace LoopFunctions.Loops.Definitions;

/// <summary>Reads <c>outputs.publish</c>; every problem is reported at its line, like the other keys.</summary>
internal static partial class PublishParser
{
    public static readonly string[] Keys = ["folder", "container", "visibility", "link_expiry", "prefix", "share"];

    private static readonly string[] Placeholders = ["loop", "instance", "date"];

    private static readonly TimeSpan DefaultExpiry = TimeSpan.FromDays(7);

    private static readonly TimeSpan MaxExpiry = TimeSpan.FromDays(365);

    public static PublishPlan? Parse(YamlSection? section)
    {
        if (section is null)
        {
            return null;
        }

        var folder = section.String("folder", required: true);
        if (folder is not null && FolderProblem(folder) is { } folderProblem)
        {
            section.Error("folder", $"'outputs.publish.folder' {folderProblem}, not '{folder}'");
        }

        var container = section.String("container", required: true);
        if (container is not null && !ContainerRegex().IsMatch(container))
        {
            section.Error("container", $"'outputs.publish.container' must be a blob container name: 3-63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit, not '{container}'");
        }

        var visibilityText = section.String("visibility");
        var visibility = visibilityText is null ? PublishVisibility.Private : EnumText.Parse<PublishVisibility>(visibilityText);
        if (visibility is null)
        {
            section.Error("visibility", $"'outputs.publish.visibility' must be private or public, not '{visibilityText}'");
        }

        var expiry = section.Duration("link_expiry") ?? DefaultExpiry;
        if (expiry > MaxExpiry)
        {
            section.Error("link_expiry", $"'outputs.publish.link_expiry' must be at most 365d, not '{section.String("link_expiry")}'");
        }

        var prefix = section.String("prefix") ?? PublishPlan.DefaultPrefix;
        if (PrefixProblem(prefix) is { } prefixProblem)
        {
            section.Error("prefix", $"'outputs.publish.prefix': {prefixProblem}");
        }

        var share = section.List("share") ?? ["run"];
        foreach (var place in share.Where(p => p is not ("run" or "pull_request")))
        {
            section.Error("share", $"'outputs.publish.share' lists '{place}'; a private link can be handed to run (the run's result and status) and pull_request (the pull-request comment)");
        }

        return new PublishPlan(NormalizeFolder(folder ?? "."), container ?? "", visibility ?? PublishVisibility.Private, expiry, prefix) { Share = share };
    }

    /// <summary>Fills <c>{loop}</c>, <c>{instance}</c> and <c>{date}</c> (yyyyMMdd) and keeps only characters that are
    /// safe in a blob name and a URL path.</summary>
    public static string RenderPrefix(string template, string loop, string instance, DateTime date)
    {
        var filled = PlaceholderRegex().Replace(template, m => m.Groups[1].Value switch
        {
            "loop" => loop,
            "instance" => instance,
            "date" => date.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture),
            _ => m.Value,
        });
        var safe = new string(filled.Select(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '-' or '_' or '.' ? c : '-').ToArray());
        var segments = safe.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => s is not ("." or ".."));
        return string.Join('/', segments);
    }

    private static string? FolderProblem(string folder)
    {
        var normalized = folder.Replace('\\', '/');
        if (normalized.Length == 0 || Path.IsPathRooted(folder) || normalized.StartsWith('/') || normalized.Contains(':', StringComparison.Ordinal))
        {
            return "must be a relative path inside the workspace";
        }

        return normalized.Split('/').Any(s => s == "..") ? "must stay inside the workspace (no '..')" : null;
    }

    private static string NormalizeFolder(string folder)
    {
        var segments = folder.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => s != ".").ToArray();
        return segments.Length == 0 ? "." : string.Join('/', segments);
    }

    private static string? PrefixProblem(string prefix)
    {
        foreach (Match match in PlaceholderRegex().Matches(prefix))
        {
            if (!Placeholders.Contains(match.Groups[1].Value))
            {
                return $"unknown placeholder '{{{match.Groups[1].Value}}}'; known: {string.Join(", ", Placeholders.Select(p => "{" + p + "}"))}";
            }
        }

        return RenderPrefix(prefix, "loop", "instance", DateTime.UnixEpoch).Length == 0
            ? "must name a folder (an empty prefix would publish into the container's root)"
            : null;
    }

    [GeneratedRegex(@"\{([a-z_]+)\}")]
    private static partial Regex PlaceholderRegex();

    [GeneratedRegex("^(?=.{3,63}$)[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9]))*$")]
    private static partial Regex ContainerRegex();
}
