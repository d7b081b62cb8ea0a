using System.Diagnostics;
using System.Globalization;
using LoopFunctions.Loops.Processes;
using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Loops.Plans;
using LoopFunctions.Loops.Workspace;

namespace LoopFunctions.Loops.Deployment;

/// <summary>
/// The post-deploy checks: HTTP requests against the deployed URL (status, body contains, latency) and commands run in
/// the deployment's checkout. A check may be attempted <c>1 + retries</c> times with <c>retry_delay</c> between
/// attempts (a deployment can take a moment to be served); it passes when one attempt passes. Every check runs, so the
/// report holds all the evidence. URLs are reported without their query, so a SAS never lands in a report.
/// </summary>
public static class DeployChecks
{
    private const int EvidenceCharacters = 2_000;

    private static readonly HttpClient Http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2), AllowAutoRedirect = true })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    public static async Task<IReadOnlyList<DeployCheckOutcome>> RunAsync(DeployInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var outcomes = new List<DeployCheckOutcome>();
        foreach (var check in input.Deploy.Checks)
        {
            DeployCheckOutcome outcome = null!;
            for (var attempt = 1; attempt <= check.Retries + 1; attempt++)
            {
                if (attempt > 1)
                {
                    await Task.Delay(check.RetryDelay, cancellationToken).ConfigureAwait(false);
                }

                outcome = check.Kind == DeployCheckKind.Http
                    ? await HttpAsync(check, input, cancellationToken).ConfigureAwait(false)
                    : await CommandAsync(check, input, cancellationToken).ConfigureAwait(false);
                outcome = outcome with { Attempts = attempt };
                if (outcome.Passed)
                {
                    break;
                }
            }

            outcomes.Add(outcome);
        }

        return outcomes;
    }

    private static async Task<DeployCheckOutcome> HttpAsync(DeployCheckPlan check, DeployInput input, CancellationToken cancellationToken)
    {
        var url = Render(check.Url!, input);
        var shown = Shown(url);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(check.Timeout);
        var watch = Stopwatch.StartNew();
        try
        {
            using var response = await Http.GetAsync(new Uri(url), HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
            var latency = watch.ElapsedMilliseconds;
            var status = (int)response.StatusCode;
            var problems = new List<string>();
            if (status != check.Status)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"expected {check.Status}"));
            }

            if (check.Contains is { } expected && Render(expected, input) is var text && !body.Contains(text, StringComparison.Ordinal))
            {
                problems.Add($"body lacks '{text}'");
            }

            if (check.MaxLatency is { } max && latency > max.TotalMilliseconds)
            {
                problems.Add($"slower than {Definitions.DurationText.Format(max)}");
            }

            var summary = string.Create(CultureInfo.InvariantCulture, $"{check.Name}: GET {shown} -> {status} in {latency} ms") + (problems.Count > 0 ? " (" + string.Join("; ", problems) + ")" : "");
            return new DeployCheckOutcome(check.Name, problems.Count == 0, summary, Clip(body), 1, status, latency);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new DeployCheckOutcome(check.Name, false, $"{check.Name}: GET {shown}: no answer within {Definitions.DurationText.Format(check.Timeout)}", "", 1);
        }
        catch (HttpRequestException ex)
        {
            return new DeployCheckOutcome(check.Name, false, $"{check.Name}: GET {shown}: {ex.Message}", "", 1);
        }
    }

    private static async Task<DeployCheckOutcome> CommandAsync(DeployCheckPlan check, DeployInput input, CancellationToken cancellationToken)
    {
        var folder = new RunFolder(input.Workspace.Path);
        var directory = Directory.Exists(folder.Deployment) ? folder.Deployment : folder.Root;
        var argv = DeployStep.Argv(check.Command!, input);
        ProcessRunResult result;
        try
        {
            result = await ProcessRunner.RunAsync(new ProcessRunOptions(argv, directory, check.Timeout) { Environment = DeployStep.Environment(input), Ledger = folder.Processes, SweepStrays = true }, cancellationToken).ConfigureAwait(false);
        }
        catch (Agents.AgentException ex)
        {
            return new DeployCheckOutcome(check.Name, false, $"{check.Name}: could not run: {ex.Message}", "", 1);
        }

        var output = result.StandardOutput + (result.StandardError.Length > 0 ? "\n" + result.StandardError : "");
        var passed = result.ExitCode == 0 && !result.TimedOut;
        var summary = result.TimedOut ? $"{check.Name}: timed out after {Definitions.DurationText.Format(check.Timeout)}"
            : passed ? $"{check.Name}: passed" : string.Create(CultureInfo.InvariantCulture, $"{check.Name}: failed (exit {result.ExitCode})");
        return new DeployCheckOutcome(check.Name, passed, summary, Clip(output.Length > EvidenceCharacters ? output[^EvidenceCharacters..] : output), 1);
    }

    private static string Render(string template, DeployInput input) => template
        .Replace("{url}", (input.Url ?? "").TrimEnd('/'), StringComparison.Ordinal)
        .Replace("{commit}", input.Commit, StringComparison.Ordinal);

    /// <summary>The URL as reports show it: without its query (a SAS is a secret).</summary>
    private static string Shown(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Path) + (uri.Query.Length > 1 ? "?..." : "") : url;

    private static string Clip(string text) => text.Length > EvidenceCharacters ? text[..EvidenceCharacters] + "..." : text;
}
