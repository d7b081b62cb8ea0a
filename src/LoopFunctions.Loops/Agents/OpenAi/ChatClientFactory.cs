using System.ClientModel;
using Azure.AI.OpenAI;
using OpenAI;
using OpenAI.Chat;

namespace LoopFunctions.Loops.Agents.OpenAi;

/// <summary>Creates the chat client for Azure OpenAI or any OpenAI-compatible endpoint, with the retry policy that
/// honours the server's Retry-After. Shared by the agent and the LLM judge.</summary>
public static class ChatClientFactory
{
    /// <exception cref="AgentException">An Azure endpoint is missing.</exception>
    public static ChatClient Create(OpenAiAgentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var retry = new RetryAfterPolicy(options.MaxRetries, options.RetryBaseDelay);
        var credential = new ApiKeyCredential(options.ApiKey);
        if (options.IsAzure)
        {
            var endpoint = options.Endpoint ?? throw new AgentException("an Azure OpenAI agent needs an endpoint");
            return new AzureOpenAIClient(endpoint, credential, new AzureOpenAIClientOptions { RetryPolicy = retry })
                .GetChatClient(options.Model);
        }

        var clientOptions = new OpenAIClientOptions { RetryPolicy = retry };
        if (options.Endpoint is not null)
        {
            clientOptions.Endpoint = options.Endpoint;
        }

        return new ChatClient(options.Model, credential, clientOptions);
    }
}
