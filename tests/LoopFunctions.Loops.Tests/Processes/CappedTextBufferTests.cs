using LoopFunctions.Loops.Processes;

namespace LoopFunctions.Loops.Tests.Processes;

public sealed class CappedTextBufferTests
{
    [Fact]
    public void ToString_UnderCapacity_KeepsEverythingUncut()
    {
        var buffer = new CappedTextBuffer(10);
        buffer.Append("abc");
        buffer.Append("def");

        Assert.False(buffer.Truncated);
        Assert.Equal("abcdef", buffer.ToString());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    public void ToString_ManyChunksOverCapacity_KeepsExactlyTheLastCapacityCharacters(int chunkSize)
    {
        const int capacity = 1000;
        var buffer = new CappedTextBuffer(capacity);
        var all = new System.Text.StringBuilder();
        for (var i = 0; all.Length < 50_000; i++)
        {
            var chunk = new string((char)('a' + (i % 26)), chunkSize) + i;
            buffer.Append(chunk);
            all.Append(chunk);
        }

        var text = buffer.ToString();

        Assert.True(buffer.Truncated);
        Assert.Equal($"[... {all.Length - capacity} characters cut ...]\n{all.ToString(all.Length - capacity, capacity)}", text);
    }
}
