using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using LoopFunctions.Loops.Definitions;
using LoopFunctions.Loops.Errors;
using LoopFunctions.Loops.Orchestration;
using LoopFunctions.Loops.Plans;

namespace LoopFunctions.Loops.Planning;

/// <summary>Finds the pull request a <c>workspace.branch: head</c> run works on: from the event that started it, else
/// from the start's JSON input (<c>{"pull_request": 7, "repository": "acme/calc"}</c>), the repository else from a
/// GitHub clone URL in <c>workspace.repository</c>.</summary>
internal static partial class PullRequestTargets
{
    /// <exception cref="LoopFunctionsException">No pull request or repository can be found.</exception>
    public static PullRequestTarget Resolve(LoopDefinition definition, LoopRunRequest request, string repository)
    {
        string? number = request.PullRequest, name = request.GitHubRepository;
        if ((number is null || name is null) && request.Input is { Length: > 0 } input)
        {
            try
            {
                using var json = JsonDocument.Parse(input);
                if (json.RootElement.ValueKind == JsonValueKind.Object)
                {
                    number ??= Field(json.RootElement, "pull_request") ?? Field(json.RootElement, "number");
                    name ??= Field(json.RootElement, "repository");
                }
            }
            catch (JsonException)
            {
                // Not JSON: nothing to read from it.
            }
        }

        if (name is null && GitHubUrl().Match(repository) is { Success: true } url)
        {
            name = $"{url.Groups["owner"].Value}/{url.Groups["repo"].Value}";
        }

        if (!int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n <= 0)
        {
            throw new LoopFunctionsException($"Loop '{definition.Name}' works on a pull request's head (workspace.branch: head), but this run names no pull request: start it from a pull_request event, or give {{\"pull_request\": <number>}} as its input.");
        }

        if (name is null || !OwnerAndName().IsMatch(name))
        {
            throw new LoopFunctionsException($"Loop '{definition.Name}' works on pull request #{n}, but names no GitHub repository as owner/name: start it from a GitHub event, give {{\"repository\": \"owner/name\"}} in its input, or use a GitHub clone URL as workspace.repository.");
        }

        return new PullRequestTarget(name, n);
    }

    private static string? Field(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value)
            ? value.ValueKind switch { JsonValueKind.Number => value.GetRawText(), JsonValueKind.String => value.GetString(), _ => null }
            : null;

    [GeneratedRegex(@"^(?:[a-z+]+://(?:[^@/]+@)?[^/]+/|[^@/]+@[^:/]+:)(?<owner>[A-Za-z0-9_.-]+)/(?<repo>[A-Za-z0-9_.-]+?)(?:\.git)?/?$")]
    private static partial Regex GitHubUrl();

    [GeneratedRegex(@"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")]
    private static partial Regex OwnerAndName();
}
