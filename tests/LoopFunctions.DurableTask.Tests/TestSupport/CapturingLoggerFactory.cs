using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LoopFunctions.DurableTask.Tests.TestSupport;

/// <summary>Keeps every message logged under a category, for tests that count log lines.</summary>
internal sealed class CapturingLoggerFactory : ILoggerFactory
{
    private readonly List<(string Category, string Message)> _messages = [];

    public IReadOnlyList<string> Messages(string category)
    {
        lock (_messages)
        {
            return [.. _messages.Where(m => m.Category == category).Select(m => m.Message)];
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerFactory owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => NullLogger.Instance.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (owner._messages)
            {
                owner._messages.Add((category, formatter(state, exception)));
            }
        }
    }
}
