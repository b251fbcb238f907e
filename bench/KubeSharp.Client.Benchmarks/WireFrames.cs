using System.Diagnostics.Tracing;
using System.Text.RegularExpressions;

namespace KubeSharp.Client.Benchmarks;

/// <summary>
/// Counts the HTTP/2 frames our client receives, by type and flags, from SocketsHttpHandler's internal trace
/// (<c>--frames</c> of the wire benchmark): a deterministic view of what the server writes per request (a DATA frame
/// with END_STREAM or a separate empty one, WINDOW_UPDATEs, PINGs) where CPU time on a shared machine is noise. The
/// trace itself is slow: CPU figures of a run with it are not comparable.
/// </summary>
internal sealed partial class WireFrames : EventListener
{
    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private bool _enabled;

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Private.InternalDiagnostics.System.Net.Http")
        {
            EnableEvents(eventSource, EventLevel.Verbose);
        }
        base.OnEventSourceCreated(eventSource);
    }

    public void Start()
    {
        lock (_lock)
        {
            _counts.Clear();
            _enabled = true;
        }
    }

    public Dictionary<string, long> Stop()
    {
        lock (_lock)
        {
            _enabled = false;
            return new Dictionary<string, long>(_counts, StringComparer.Ordinal);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (!_enabled || eventData.Payload is null)
        {
            return;
        }
        foreach (var item in eventData.Payload)
        {
            if (item is not string text)
            {
                continue;
            }
            var key = FrameKey(text);
            if (key is null)
            {
                continue;
            }
            lock (_lock)
            {
                _counts[key] = _counts.GetValueOrDefault(key) + 1;
            }
        }
    }

    private static string? FrameKey(string text)
    {
        var frame = Frame().Match(text);
        if (frame.Success)
        {
            return "in " + frame.Groups[1].Value + " " + frame.Groups[2].Value;
        }
        foreach (var name in (ReadOnlySpan<string>)["SendWindowUpdateAsync", "SendPingAsync", "SendSettingsAckAsync", "SendRstStreamAsync"])
        {
            if (text.StartsWith(name, StringComparison.Ordinal))
            {
                return "out " + name;
            }
        }
        return null;
    }

    [GeneratedRegex(@"Type=(\w+); Flags=([\w, ]+);")]
    private static partial Regex Frame();
}
