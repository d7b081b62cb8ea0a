using System.Text;

namespace LoopFunctions.Loops.Processes;

/// <summary>Keeps the last <c>capacity</c> characters written to it: for command output the end (the failing test, the
/// summary line) matters more than the start. Thread-safe because stdout and stderr readers append concurrently.</summary>
internal sealed class CappedTextBuffer(int capacity)
{
    private readonly StringBuilder _text = new();
    private readonly Lock _gate = new();
    private long _dropped;

    public bool Truncated
    {
        get
        {
            lock (_gate)
            {
                return _dropped > 0;
            }
        }
    }

    public void Append(ReadOnlySpan<char> chunk)
    {
        lock (_gate)
        {
            _text.Append(chunk);
            var excess = _text.Length - capacity;
            if (excess > 0)
            {
                _text.Remove(0, excess);
                _dropped += excess;
            }
        }
    }

    public override string ToString()
    {
        lock (_gate)
        {
            return _dropped == 0 ? _text.ToString() : $"[... {_dropped} characters cut ...]\n{_text}";
        }
    }
}
