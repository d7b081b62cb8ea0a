using LoopFunctions.Loops.Orchestration;

namespace LoopFunctions.Loops.Tests.Orchestration;

public sealed class LoopRunRequestTests
{
    [Fact]
    public void NewInstanceId_LoopAndTime_ReadableSortableAndValid()
    {
        var id = LoopRunRequest.NewInstanceId("fix-tests", new DateTimeOffset(2026, 11, 25, 9, 5, 7, TimeSpan.FromHours(1)));

        Assert.Matches("^fix-tests-20261125-080507-[0-9a-f]{4}$", id);
        DurableTask.Client.InstanceIds.Validate(id);
    }
}
