using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace LoopFunctions.Loops.Tests.TestSupport;

/// <summary>Keeps every log line written through it, in order, with its category and event id.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<(string Category, EventId Id, LogLevel Level, string Message)> _lines = new();

    /// <summary>The lines of <paramref name="category"/>, in the order they were written.</summary>
    public IReadOnlyList<(EventId Id, LogLevel Level, string Message)> Of(string category) =>
        _lines.Where(l => l.Category == category).Select(l => (l.Id, l.Level, l.Message)).ToList();

    public ILogger CreateLogger(string categoryName) => new Capturing(categoryName, _lines);

    public void Dispose()
    {
    }

    private sealed class Capturing(string category, ConcurrentQueue<(string, EventId, LogLevel, string)> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue((category, eventId, logLevel, formatter(state, exception)));
    }
}
