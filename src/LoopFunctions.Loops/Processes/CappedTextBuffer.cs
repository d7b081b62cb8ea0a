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
                return _dropped + Math.Max(0, _text.Length - capacity) > 0;
            }
        }
    }

    public void Append(ReadOnlySpan<char> chunk)
    {
        lock (_gate)
        {
            _text.Append(chunk);

            // Trimmed only once it holds twice the capacity: trimming on every chunk moved the whole kept tail each
            // time, quadratic in the output of a chatty command.
            var excess = _text.Length - capacity;
            if (excess > capacity)
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
            var excess = Math.Max(0, _text.Length - capacity);
            var dropped = _dropped + excess;
            return dropped == 0 ? _text.ToString() : $"[... {dropped} characters cut ...]\n{_text.ToString(excess, _text.Length - excess)}";
        }
    }
}
