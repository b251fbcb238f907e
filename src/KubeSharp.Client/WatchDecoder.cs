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
    /// <summary>Reads events until the stream ends or <paramref name="cancellationToken"/> is cancelled.</summary>
    /// <exception cref="KubeApiException">An ERROR event.</exception>
    /// <exception cref="JsonDecodeException">A malformed event.</exception>
    public static async IAsyncEnumerable<WatchEvent<T>> ReadAsync<T>(Stream stream, ObjectAdapter<T> adapter, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(adapter);
        var buffer = new byte[64 * 1024];
        var start = 0;
        var end = 0;
        var scanner = new Scanner();
        while (true)
        {
            // Emit every complete value in the buffer.
            while (scanner.TryFindEnd(buffer, start, end, out var valueStart, out var valueEnd))
            {
                var evt = Decode(buffer.AsSpan(valueStart, valueEnd - valueStart), adapter);
                start = valueEnd;
                scanner = new Scanner();
                yield return evt;
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
                    Array.Resize(ref buffer, buffer.Length * 2);
                }
            }
            var read = await stream.ReadAsync(buffer.AsMemory(end), cancellationToken);
            if (read == 0)
            {
                if (scanner.HasContent(buffer, start, end))
                {
                    throw new JsonDecodeException("watch stream ended inside an event");
                }
                yield break;
            }
            end += read;
        }
    }

    /// <summary>Decodes one event object.</summary>
    public static WatchEvent<T> Decode<T>(ReadOnlySpan<byte> json, ObjectAdapter<T> adapter)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(adapter);
        string? type = null;
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
                    type = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
                else if (reader.ValueTextEquals("object"u8))
                {
                    reader.Read();
                    objectStart = (int)reader.TokenStartIndex;
                    reader.Skip();
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
        if (type is null || objectStart < 0)
        {
            throw new JsonDecodeException("watch event without type or object");
        }
        var obj = json.Slice(objectStart, objectLength);
        if (type == "ERROR")
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
        var eventType = type switch
        {
            "ADDED" => WatchEventType.Added,
            "MODIFIED" => WatchEventType.Modified,
            "DELETED" => WatchEventType.Deleted,
            "BOOKMARK" => WatchEventType.Bookmark,
            _ => throw new JsonDecodeException($"unknown watch event type \"{type}\""),
        };
        return new WatchEvent<T>(eventType, adapter.Decode(obj));
    }

    /// <summary>Finds where one top-level JSON object ends, across reads: tracks nesting and strings.</summary>
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
            for (; _position < end; _position++)
            {
                var b = buffer[_position];
                if (!_started)
                {
                    if (IsSpace(b))
                    {
                        continue;
                    }
                    if (b != (byte)'{')
                    {
                        throw new JsonDecodeException($"watch stream: expected '{{', found '{(char)b}'");
                    }
                    _started = true;
                    _start = _position;
                    _depth = 1;
                    continue;
                }
                if (_inString)
                {
                    if (_escape)
                    {
                        _escape = false;
                    }
                    else if (b == (byte)'\\')
                    {
                        _escape = true;
                    }
                    else if (b == (byte)'"')
                    {
                        _inString = false;
                    }
                    continue;
                }
                switch (b)
                {
                    case (byte)'"':
                        _inString = true;
                        break;
                    case (byte)'{':
                    case (byte)'[':
                        _depth++;
                        break;
                    case (byte)'}':
                    case (byte)']':
                        if (--_depth == 0)
                        {
                            valueStart = _start;
                            valueEnd = _position + 1;
                            return true;
                        }
                        break;
                }
            }
            valueStart = valueEnd = 0;
            return false;
        }

        private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t';
    }
}
