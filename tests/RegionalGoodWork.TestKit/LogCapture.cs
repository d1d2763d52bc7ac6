using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace RegionalGoodWork.TestKit;

/// <summary>
/// Every log line a platform writes, kept in memory for a test to search: the category, the formatted message, each
/// structured value and the exception, as a log sink would receive them. The platform's own categories
/// (<c>RegionalGoodWork.*</c>) down to <see cref="MinimumLevel"/>; the others at the levels its configuration ships with.
/// </summary>
public sealed class LogCapture(LogLevel minimumLevel = LogLevel.Debug) : ILoggerProvider
{
    public const string PlatformCategories = "RegionalGoodWork";

    private readonly ConcurrentQueue<string> lines = new();

    public LogLevel MinimumLevel { get; } = minimumLevel;

    public IReadOnlyCollection<string> Lines => lines;

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, this);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, LogCapture capture) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= capture.MinimumLevel;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
            capture.lines.Enqueue($"{logLevel} {category} [{eventId.Id}] {formatter(state, exception)} {values} {exception}");
        }
    }
}
