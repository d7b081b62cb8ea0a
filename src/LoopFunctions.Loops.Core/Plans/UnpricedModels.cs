using System.Text.Json.Serialization;

namespace LoopFunctions.Loops.Plans;

/// <summary><c>limits.unpriced</c>: what a cost cap does with a model that has no price.</summary>
/// <remarks>Replay: plans are stored in orchestration histories, so each member keeps the string it replaced
/// (<c>refuse</c>, <c>tokens</c>). Never rename one.</remarks>
[JsonConverter(typeof(JsonStringEnumConverter<UnpricedModels>))]
public enum UnpricedModels
{
    /// <summary><c>refuse</c> (default): with <c>max_cost_usd</c> set, the run does not start.</summary>
    [JsonStringEnumMemberName("refuse")]
    Refuse,

    /// <summary><c>tokens</c>: the model runs and <c>max_tokens</c> is its cap.</summary>
    [JsonStringEnumMemberName("tokens")]
    Tokens,
}
