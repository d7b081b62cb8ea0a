using System.Text.Json.Serialization;

namespace LoopFunctions.Loops.Budget;

/// <summary>How long a budget pool's account runs before its totals start again (UTC): <c>LoopFunctions:Pools:&lt;name&gt;:Period</c>.</summary>
/// <remarks>Stored in pool state by its word (<c>day</c>, <c>week</c>, <c>month</c>, <c>none</c>): never rename one.</remarks>
[JsonConverter(typeof(JsonStringEnumConverter<PoolPeriod>))]
public enum PoolPeriod
{
    /// <summary><c>day</c>: from 00:00 UTC.</summary>
    [JsonStringEnumMemberName("day")]
    Day,

    /// <summary><c>week</c>: the ISO week, from Monday 00:00 UTC.</summary>
    [JsonStringEnumMemberName("week")]
    Week,

    /// <summary><c>month</c>: from the first of the month, 00:00 UTC.</summary>
    [JsonStringEnumMemberName("month")]
    Month,

    /// <summary><c>none</c>: one account for good; only <c>reset</c> starts it again.</summary>
    [JsonStringEnumMemberName("none")]
    None,
}
