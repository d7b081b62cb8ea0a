namespace LoopFunctions.Loops.Verification;

/// <summary>One failed test as its report tells it, for the agent's feedback.</summary>
/// <param name="Name">The test's name as the report gives it (TRX <c>testName</c>, JUnit <c>classname.name</c>).</param>
/// <param name="Message">The assertion's message (expected and actual, when the framework says them), capped.</param>
/// <param name="Location">Where it failed, <c>file:line</c>, when the report or its stack trace says so.</param>
public sealed record TestFailure(string Name, string Message, string? Location);
