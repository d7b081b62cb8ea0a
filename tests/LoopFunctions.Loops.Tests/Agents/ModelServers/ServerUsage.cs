namespace LoopFunctions.Loops.Tests.Agents.ModelServers;

/// <summary>What a model server reports for each scripted response. <paramref name="Input"/> counts every input
/// token, the <paramref name="Cached"/> ones included (OpenAI's and Gemini's sense); the Anthropic server sends
/// <c>Input - Cached</c> as <c>input_tokens</c> and <c>Cached</c> as <c>cache_read_input_tokens</c>.</summary>
internal sealed record ServerUsage(int Input, int Output, int Cached)
{
    /// <summary>Distinct numbers, so a test that finds them in a CLI's output knows they came from the server.</summary>
    public static ServerUsage Default { get; } = new(1234, 56, 789);

    public ServerUsage Times(int responses) => new(Input * responses, Output * responses, Cached * responses);
}
