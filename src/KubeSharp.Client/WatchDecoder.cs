using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using KubeSharp.Api.Meta.V1;
using KubeSharp.Api.Serialization;

namespace KubeSharp.Client;

/// <summary>
/// Decodes a watch response body: a stream of JSON objects <c>{"type": ..., "object": ...}</c> (newline-separated or
/// not). ADDED, MODIFIED, DELETED and BOOKMARK become <see cref="WatchEvent{T}"/>s; an ERROR event's Status is
/// thrown as <see cref="KubeApiException"/> (410 Expired: the resourceVersion is gone, relist).
/// </summary>
public static class WatchDecoder
{
    private const int InitialBuffer = 64 * 1024;

    /// <summary>Reads events until the stream ends or <paramref name="cancellationToken"/> is cancelled.</summary>
    /// <exception cref="KubeApiException">An ERROR event.</exception>
    /// <exception cref="JsonDecodeException">A malformed event.</exception>
    public static async IAsyncEnumerable<WatchEvent<T>> ReadAsync<T>(Stream stream, ObjectAdapter<T> adapter, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(adapter);
        // A pooled buffer: decoded objects copy what they keep (strings, raw values), so nothing refers to it afterwards.
        var buffer = ArrayPool<byte>.Shared.Rent(InitialBuffer);
        try
        {
            var start = 0;
            var end = 0;
            var scanner = new Scanner();
            // API servers write one compact event per line: an event ends at its newline, found with one vectorized
            // search instead of scanning every quote and bracket. Anything else (an event over several lines, a line
            // that is not exactly whole events, a malformed one) switches to the scanner for the rest of the stream.
            var lines = true;
            var ended = false;
            while (true)
            {
                // Emit every complete value in the buffer.
                while (lines)
                {
                    var result = TryDecodeLine(buffer, start, end, adapter, out var decoded, out var next);
                    start = next;
                    if (result == LineResult.Decoded)
                    {
                        yield return decoded!;
                    }
                    else
                    {
                        // A complete event with no newline after it yet (a server that does not end events with one)
                        // must not wait for the next event: when what is pending ends like an object, the scanner
                        // checks whether it is one, and takes over if so.
                        lines = result == LineResult.Decoded
                            || (result == LineResult.NeedMore && !(EndsLikeAnObject(buffer, start, end) && new Scanner().TryFindEnd(buffer, start, end, out _, out _)));
                        break;
                    }
                }
                if (!lines)
                {
                    while (scanner.TryFindEnd(buffer, start, end, out var valueStart, out var valueEnd))
                    {
                        var evt = Decode(buffer.AsMemory(valueStart, valueEnd - valueStart), adapter);
                        start = valueEnd;
                        scanner = new Scanner();
                        yield return evt;
                    }
                }
                if (ended)
                {
                    if (scanner.HasContent(buffer, start, end))
                    {
                        throw new JsonDecodeException("watch stream ended inside an event");
                    }
                    yield break;
                }
                if (start == end)
                {
                    start = end = 0;
                    scanner = new Scanner();
                }
                else if (end == buffer.Length)
                {
                    if (start > 0)
                    {
                        // Move the partial value to the front; the scanner's position moves with it.
                        Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                        scanner.Shift(start);
                        end -= start;
                        start = 0;
                    }
                    else
                    {
                        var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                        Buffer.BlockCopy(buffer, 0, larger, 0, end);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }
                }
                var read = await stream.ReadAsync(buffer.AsMemory(end), cancellationToken);
                if (read == 0)
                {
                    // The last event may lack its newline: the scanner takes what is left.
                    ended = true;
                    lines = false;
                    continue;
                }
                end += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private enum LineResult
    {
        Decoded,
        NeedMore,
        NotLines,
    }

    private static ReadOnlySpan<byte> Whitespace => " \t\r\n"u8;

    private static bool EndsLikeAnObject(byte[] buffer, int start, int end)
        => buffer.AsSpan(start, end - start).TrimEnd(Whitespace) is [.., (byte)'}'];

    /// <summary>
    /// Decodes the event that starts the line at <paramref name="start"/> when that line is whole events (what API
    /// servers write): <paramref name="next"/> is where the next one starts. NeedMore: no newline yet (whitespace
    /// before the line is skipped). NotLines: the line is not whole events (or one is malformed): nothing is
    /// consumed and the caller scans it instead, which reports a malformed event as it always did.
    /// </summary>
    private static LineResult TryDecodeLine<T>(byte[] buffer, int start, int end, ObjectAdapter<T> adapter, out WatchEvent<T>? decoded, out int next)
        where T : class
    {
        decoded = null;
        var pending = buffer.AsSpan(start, end - start);
        var first = pending.IndexOfAnyExcept(Whitespace);
        if (first < 0)
        {
            next = end;
            return LineResult.NeedMore;
        }
        next = start + first;
        var newline = pending[first..].IndexOf((byte)'\n');
        if (newline < 0)
        {
            return LineResult.NeedMore;
        }
        var line = pending.Slice(first, newline).TrimEnd(Whitespace);
        if (line.Length < 2 || line[0] != (byte)'{' || line[^1] != (byte)'}')
        {
            return LineResult.NotLines;
        }
        int consumed;
        try
        {
            decoded = Decode(line, buffer.AsMemory(next, line.Length), adapter, out consumed);
        }
        catch (JsonDecodeException)
        {
            return LineResult.NotLines;
        }
        next += consumed;
        return LineResult.Decoded;
    }

    /// <summary>Decodes one event object.</summary>
    public static WatchEvent<T> Decode<T>(ReadOnlySpan<byte> json, ObjectAdapter<T> adapter)
        where T : class
        => Decode(json, default, adapter, out _);

    /// <summary>Decodes one event object held in memory (raw values of the object are sliced, not re-parsed).</summary>
    public static WatchEvent<T> Decode<T>(ReadOnlyMemory<byte> json, ObjectAdapter<T> adapter)
        where T : class
        => Decode(json.Span, json, adapter, out _);

    private enum EventKind
    {
        None,
        Added,
        Modified,
        Deleted,
        Bookmark,
        Error,
        Unknown,
    }

    /// <param name="consumed">The length of the event object (where the reader stopped).</param>
    private static WatchEvent<T> Decode<T>(ReadOnlySpan<byte> json, ReadOnlyMemory<byte> source, ObjectAdapter<T> adapter, out int consumed)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(adapter);
        var kind = EventKind.None;
        string? unknownType = null;
        T? decoded = null;
        var objectStart = -1;
        var objectLength = 0;
        var reader = new Utf8JsonReader(json, KubeJson.ReaderOptions);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new JsonDecodeException("watch event is not a JSON object");
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("type"u8))
                {
                    reader.Read();
                    kind = KindOf(ref reader, out unknownType);
                }
                else if (reader.ValueTextEquals("object"u8))
                {
                    reader.Read();
                    objectStart = (int)reader.TokenStartIndex;
                    if (kind is EventKind.Added or EventKind.Modified or EventKind.Deleted or EventKind.Bookmark)
                    {
                        // The usual order (type first): decode the object in this pass.
                        decoded = adapter.Read(ref reader, source);
                    }
                    else
                    {
                        decoded = null;
                        reader.Skip();
                    }
                    objectLength = (int)reader.BytesConsumed - objectStart;
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
        catch (JsonException e)
        {
            throw new JsonDecodeException("malformed watch event: " + e.Message, e);
        }
        consumed = (int)reader.BytesConsumed;
        if (kind == EventKind.None || objectStart < 0)
        {
            throw new JsonDecodeException("watch event without type or object");
        }
        var obj = json.Slice(objectStart, objectLength);
        if (kind == EventKind.Error)
        {
            Status status;
            try
            {
                status = KubeJson.Deserialize<Status>(obj);
            }
            catch (JsonDecodeException)
            {
                status = KubeApiException.StatusFor(System.Net.HttpStatusCode.InternalServerError, System.Text.Encoding.UTF8.GetString(obj));
            }
            if (status.Code == 0)
            {
                status.Code = 500;
            }
            throw new KubeApiException(status);
        }
        var eventType = kind switch
        {
            EventKind.Added => WatchEventType.Added,
            EventKind.Modified => WatchEventType.Modified,
            EventKind.Deleted => WatchEventType.Deleted,
            EventKind.Bookmark => WatchEventType.Bookmark,
            _ => throw new JsonDecodeException($"unknown watch event type \"{unknownType}\""),
        };
        // The object came before the type: decode it now.
        decoded ??= source.IsEmpty ? adapter.Decode(obj) : adapter.Decode(source.Slice(objectStart, objectLength));
        return new WatchEvent<T>(eventType, decoded);
    }

    private static EventKind KindOf(ref Utf8JsonReader reader, out string? unknown)
    {
        unknown = null;
        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return EventKind.None;
        }
        if (reader.ValueTextEquals("ADDED"u8))
        {
            return EventKind.Added;
        }
        if (reader.ValueTextEquals("MODIFIED"u8))
        {
            return EventKind.Modified;
        }
        if (reader.ValueTextEquals("DELETED"u8))
        {
            return EventKind.Deleted;
        }
        if (reader.ValueTextEquals("BOOKMARK"u8))
        {
            return EventKind.Bookmark;
        }
        if (reader.ValueTextEquals("ERROR"u8))
        {
            return EventKind.Error;
        }
        unknown = reader.GetString();
        return EventKind.Unknown;
    }

    /// <summary>Finds where one top-level JSON object ends, across reads: tracks nesting and strings.</summary>
    private static readonly SearchValues<byte> Structural = SearchValues.Create("\"{}[]"u8);
    private static readonly SearchValues<byte> StringStops = SearchValues.Create("\"\\"u8);

    private struct Scanner
    {
        private int _position;
        private int _start;
        private int _depth;
        private bool _inString;
        private bool _escape;
        private bool _started;

        public readonly bool HasContent(byte[] buffer, int start, int end)
        {
            if (_started)
            {
                return true;
            }
            for (var i = start; i < end; i++)
            {
                if (!IsSpace(buffer[i]))
                {
                    return true;
                }
            }
            return false;
        }

        public void Shift(int by)
        {
            _position -= by;
            _start -= by;
        }

        public bool TryFindEnd(byte[] buffer, int start, int end, out int valueStart, out int valueEnd)
        {
            if (_position < start)
            {
                _position = start;
            }
            while (_position < end)
            {
                if (!_started)
                {
                    var b = buffer[_position];
                    if (!IsSpace(b))
                    {
                        if (b != (byte)'{')
                        {
                            throw new JsonDecodeException($"watch stream: expected '{{', found '{(char)b}'");
                        }
                        _started = true;
                        _start = _position;
                        _depth = 1;
                    }
                    _position++;
                    continue;
                }
                if (_inString)
                {
                    if (_escape)
                    {
                        _escape = false;
                        _position++;
                        continue;
                    }
                    // Jump to the next quote or backslash (vectorized).
                    var inString = buffer.AsSpan(_position, end - _position).IndexOfAny(StringStops);
                    if (inString < 0)
                    {
                        _position = end;
                        break;
                    }
                    _position += inString;
                    if (buffer[_position] == (byte)'\\')
                    {
                        _escape = true;
                    }
                    else
                    {
                        _inString = false;
                    }
                    _position++;
                    continue;
                }
                // Jump to the next quote or bracket (vectorized).
                var next = buffer.AsSpan(_position, end - _position).IndexOfAny(Structural);
                if (next < 0)
                {
                    _position = end;
                    break;
                }
                _position += next;
                switch (buffer[_position])
                {
                    case (byte)'"':
                        _inString = true;
                        break;
                    case (byte)'{':
                    case (byte)'[':
                        _depth++;
                        break;
                    default:
                        if (--_depth == 0)
                        {
                            valueStart = _start;
                            valueEnd = _position + 1;
                            return true;
                        }
                        break;
                }
                _position++;
            }
            valueStart = valueEnd = 0;
            return false;
        }

        private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t';
    }
}
