using LoopFunctions.Loops.Definitions.Scheduling;

namespace LoopFunctions.Loops.Tests.Definitions;

/// <summary>Our rules on top of NCrontab's reading of an expression: what loop files have always accepted or refused.</summary>
public sealed class CronScheduleTests
{
    [Theory]
    [InlineData("0 0 12 * * 7", "0 0 12 * * 0")]
    [InlineData("0 0 12 * * 5-7", "0 0 12 * * 0,5-6")]
    [InlineData("0 0 12 * * SUN,7", "0 0 12 * * 0")]
    [InlineData("0 0 12 * * FRI-7", "0 0 12 * * 0,5-6")]
    public void Parse_SundayAsSeven_ReadAsSunday(string expression, string expected) =>
        Assert.Equal(expected, CronSchedule.Parse(expression).ToNCrontab());

    [Theory]
    [InlineData("*/0 * * * * *", "the second field value '*/0' is not valid: the step in '*/0' must be a whole number above 0")]
    [InlineData("0 0 5-1 * * *", "the hour field value '5-1' is not valid: the range '5-1' runs backwards")]
    [InlineData("0 0 0 * * FRI-MON", "the day-of-week field value 'FRI-MON' is not valid: the range 'FRI-MON' runs backwards")]
    [InlineData("0 0 0 * 13 *", "the month field value '13' is not valid: 13 is higher than the maximum")]
    [InlineData("0 * * * XYZ", "the day-of-week field value 'XYZ' is not valid")]
    [InlineData("99999999999 * * * * *", "the second field value '99999999999' is not valid")]
    [InlineData("* * * *", "'* * * *' has 4 fields")]
    public void Parse_InvalidExpression_NamesTheFieldAndWhy(string expression, string expected)
    {
        var ex = Assert.Throws<FormatException>(() => CronSchedule.Parse(expression));

        Assert.StartsWith(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetNextOccurrence_ThirtiethOfFebruary_None() =>
        Assert.Null(CronSchedule.Parse("0 0 0 30 2 *").GetNextOccurrence(DateTimeOffset.UnixEpoch, TimeZoneInfo.Utc));
}
