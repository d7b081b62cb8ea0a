using System.ClientModel;
using System.Diagnostics;
using System.Globalization;
using Azure.AI.OpenAI;
using LoopFunctions.Loops.Agents.Contract;
using LoopFunctions.Loops.Agents.Pricing;
using LoopFunctions.Loops.Agents.Workspace;
using OpenAI;
using OpenAI.Chat;

namespace LoopFunctions.Loops.Agents.OpenAi;

/// <summary>
/// A tool-using agent over Azure OpenAI or any OpenAI-compatible chat completions endpoint: sends the prompt, executes
/// the tool calls the model asks for (files and allowed commands, confined to the workspace), sends the results back,
/// and repeats until the model answers without tool calls or the tool-call limit is reached.
/// </summary>
public sealed class OpenAiAgent : ICodingAgent
{
    private const int MaxTranscriptLines = 200;
    private const int MaxTranscriptLineLength = 200;

    private readonly OpenAiAgentOptions _options;
    private readonly PriceTable? _prices;
    private readonly ChatClient _client;

    /// <summary>Creates the agent. With <paramref name="prices"/> knowing the model, results carry a cost.</summary>
    /// <exception cref="AgentException">The settings are incomplete.</exception>
    public OpenAiAgent(OpenAiAgentOptions options, PriceTable? prices = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.Model))
        {
            throw new AgentException("the agent's model (deployment name on Azure) is not set");
        }

        if (string.IsNullOrWhiteSpace(options.ApiKey))
        {
            throw new AgentException($"no API key is set for model '{options.Model}'");
        }

        _options = options;
        _prices = prices;
        _client = ChatClientFactory.Create(options);
    }

    /// <inheritdoc />
    public async Task<AgentResult> RunAsync(AgentRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var toolbox = new AgentToolbox(new WorkspaceFileSystem(request.WorkspacePath), request, _options.CommandOutputCap);
        var maxToolCalls = StricterLimit(request.MaxToolCalls, _options.MaxToolCalls);
        var chatOptions = new ChatCompletionOptions
        {
            Temperature = _options.Temperature,
            MaxOutputTokenCount = NullIfZero(StricterLimit(request.MaxOutputTokens, _options.MaxOutputTokens)),
        };
        foreach (var tool in ToolSchemas.All)
        {
            chatOptions.Tools.Add(tool);
        }

        List<ChatMessage> messages = [new SystemChatMessage(PromptBuilder.SystemPrompt), new UserChatMessage(PromptBuilder.Build(request))];
        var transcript = new List<string>();
        var usage = TokenUsage.Zero;
        var toolCalls = 0;
        var stopwatch = Stopwatch.StartNew();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (request.Timeout > TimeSpan.Zero)
        {
            timeout.CancelAfter(request.Timeout);
        }

        AgentResult Result(bool succeeded, string summary, string? error) => new(
            succeeded, summary, usage, Cost(usage), toolCalls, [.. toolbox.FilesWritten], transcript, error);

        try
        {
            for (var call = 1; ; call++)
            {
                var completion = await CompleteAsync(messages, chatOptions, call, timeout.Token);
                usage += new TokenUsage(completion.Usage?.InputTokenCount ?? 0, completion.Usage?.OutputTokenCount ?? 0);
                request.Transcript?.Usage(string.Create(CultureInfo.InvariantCulture,
                    $"model call {call} ({messages.Count} messages sent): {completion.Usage?.InputTokenCount ?? 0} input, {completion.Usage?.OutputTokenCount ?? 0} output tokens"));
                if (completion.ToolCalls.Count == 0)
                {
                    var text = FinalText(completion);
                    Log(transcript, $"model call {call}: final answer ({text.Length} characters)");
                    request.Transcript?.Message(text);
                    return Result(true, text, null);
                }

                if (string.Concat(completion.Content.Where(p => p.Kind == ChatMessageContentPartKind.Text).Select(p => p.Text)).Trim() is { Length: > 0 } said)
                {
                    request.Transcript?.Message(said);
                }

                messages.Add(new AssistantChatMessage(completion));
                var limitReached = false;
                foreach (var toolCall in completion.ToolCalls)
                {
                    string output;
                    if (toolCalls >= maxToolCalls)
                    {
                        // Every tool call id needs an answer or the conversation becomes invalid for the endpoint.
                        output = string.Create(CultureInfo.InvariantCulture, $"error: not executed: the limit of {maxToolCalls} tool calls is reached");
                        limitReached = true;
                    }
                    else
                    {
                        toolCalls++;
                        var remaining = request.Timeout > TimeSpan.Zero ? request.Timeout - stopwatch.Elapsed : _options.CommandTimeout;
                        // Clamped: the step's own timeout fires on its own; a negative value would only throw here.
                        var commandTimeout = TimeSpan.FromTicks(Math.Clamp(remaining.Ticks, TimeSpan.TicksPerMillisecond, _options.CommandTimeout.Ticks));
                        output = await toolbox.ExecuteAsync(
                            toolCall.FunctionName, toolCall.FunctionArguments?.ToString() ?? "{}", commandTimeout, timeout.Token);
                    }

                    Log(transcript, $"tool {toolCall.FunctionName}({toolCall.FunctionArguments}) -> {output}");
                    request.Transcript?.ToolCall(toolCall.FunctionName, toolCall.FunctionArguments?.ToString() ?? "{}");
                    request.Transcript?.ToolResult(toolCall.FunctionName, output);
                    messages.Add(new ToolChatMessage(toolCall.Id, output));
                }

                if (limitReached)
                {
                    var summary = string.Create(CultureInfo.InvariantCulture, $"Stopped after {toolCalls} tool calls: the limit of {maxToolCalls} was reached before the agent finished.");
                    Log(transcript, summary);
                    return Result(true, summary, null);
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            var error = string.Create(CultureInfo.InvariantCulture, $"the agent step timed out after {request.Timeout.TotalSeconds:0.#} s");
            Log(transcript, error);
            return Result(false, error, error);
        }
    }

    private async Task<ChatCompletion> CompleteAsync(
        List<ChatMessage> messages, ChatCompletionOptions chatOptions, int call, CancellationToken cancellationToken)
    {
        try
        {
            ChatCompletion completion = await _client.CompleteChatAsync(messages, chatOptions, cancellationToken);
            // Touch what the loop relies on here, so a reply missing it fails as "malformed", not later as a crash.
            _ = completion.ToolCalls.Count;
            _ = completion.Content.Count;
            return completion;
        }
        catch (ClientResultException ex)
        {
            throw new AgentException(
                $"model endpoint answered HTTP {ex.Status} on call {call} for model '{_options.Model}' (after retries): {ex.Message}", ex);
        }
        catch (HttpRequestException ex)
        {
            throw new AgentException($"could not reach the model endpoint for model '{_options.Model}': {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not AgentException)
        {
            throw new AgentException(
                $"malformed reply from the model endpoint on call {call} for model '{_options.Model}': {ex.GetType().Name}: {ex.Message}", ex);
        }
    }

    private static string FinalText(ChatCompletion completion)
    {
        var text = string.Concat(completion.Content
            .Where(part => part.Kind == ChatMessageContentPartKind.Text)
            .Select(part => part.Text)).Trim();
        if (text.Length > 0)
        {
            return text;
        }

        return completion.Refusal is { Length: > 0 } refusal ? "The model refused: " + refusal : "(the model gave no summary)";
    }

    private decimal? Cost(TokenUsage usage) =>
        _prices is not null && _prices.IsKnown(_options.Model) ? _prices.Cost(_options.Model, usage) : null;

    /// <summary>0 means "no limit from this side"; when both sides set one, the smaller wins.</summary>
    private static int StricterLimit(int requested, int configured) => (requested > 0, configured > 0) switch
    {
        (true, true) => Math.Min(requested, configured),
        (true, false) => requested,
        (false, true) => configured,
        _ => int.MaxValue,
    };

    private static int? NullIfZero(int value) => value is 0 or int.MaxValue ? null : value;

    private static void Log(List<string> transcript, string line)
    {
        if (transcript.Count >= MaxTranscriptLines)
        {
            return;
        }

        var flat = line.ReplaceLineEndings(" ");
        transcript.Add(flat.Length <= MaxTranscriptLineLength ? flat : flat[..MaxTranscriptLineLength] + "...");
    }
}
