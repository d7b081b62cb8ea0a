using LoopFunctions.Loops.Workspace;

namespace LoopFunctions.Loops.Tests.Workspace;

public sealed class InstanceKeyTests
{
    [Theory]
    [InlineData("crash-1", "crash-1")]
    [InlineData("c d", "c_20d")]
    [InlineData("c_d", "c_5Fd")]
    [InlineData("-x-", "_2Dx_2D")]
    [InlineData("..", "_2E_2E")]
    public void For_Id_ReadableAndFileSystemSafe(string id, string key) => Assert.Equal(key, InstanceKey.For(id));

    [Fact]
    public void For_ManyLookalikeAndLongIds_NeverCollideAndStayShort()
    {
        var ids = new List<string> { "c d", "c-d", "c_d", "c_20d", "C d", "c\u00a0d", "ü", "_C3_BC" };
        ids.AddRange(Enumerable.Range(0, 50).Select(i => new string('x', 200) + i));
        ids.AddRange(Enumerable.Range(0, 50).Select(i => new string('é', 100) + i));

        var keys = ids.Select(InstanceKey.For).ToList();

        Assert.Equal(ids.Count, keys.Distinct(StringComparer.Ordinal).Count());
        Assert.All(keys, k => Assert.True(k.Length <= InstanceKey.MaxLength && k.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '~'), k));
    }
}
