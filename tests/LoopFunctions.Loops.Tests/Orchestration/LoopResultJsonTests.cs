using System.Text.Json;
using LoopFunctions.Loops.Orchestration;

namespace LoopFunctions.Loops.Tests.Orchestration;

/// <summary>The closing note and the follow-up branch were named "hand-off" when outputs were first recorded: the
/// renamed properties keep those JSON names, so stored outputs, the dashboard and <c>loopfn</c> read them as before.</summary>
public sealed class LoopResultJsonTests
{
    [Fact]
    public void Serialize_ClosingNoteAndFollowUpBranch_KeepTheirRecordedNames()
    {
        var result = new LoopResult("fix", LoopOutcome.HandedOff, "why", [], TokenSpend.Zero, "loop/fix/1", "c1", "loop fix: hand-off") { FollowUpBranch = "base/loop/fix/handoff-c1" };

        using var json = JsonDocument.Parse(JsonSerializer.Serialize(result, LoopSerialization.Options));

        Assert.Equal("loop fix: hand-off", json.RootElement.GetProperty("handoff").GetString());
        Assert.Equal("base/loop/fix/handoff-c1", json.RootElement.GetProperty("handOffBranch").GetString());
        Assert.False(json.RootElement.TryGetProperty("closingNote", out _));
        Assert.False(json.RootElement.TryGetProperty("followUpBranch", out _));
    }

    [Fact]
    public void Deserialize_OutputStoredWithHandOffNames_ReadsClosingNoteAndFollowUpBranch()
    {
        const string stored = """{"loop":"fix","outcome":"HandedOff","reason":"why","iterations":[],"spent":{"inputTokens":0,"outputTokens":0,"costUsd":0},"branch":"loop/fix/1","finalCommit":"c1","handoff":"note","handOffBranch":"base/loop/fix/handoff-c1"}""";

        var result = JsonSerializer.Deserialize<LoopResult>(stored, LoopSerialization.Options)!;

        Assert.Equal(("note", "base/loop/fix/handoff-c1"), (result.ClosingNote, result.FollowUpBranch));
    }
}
