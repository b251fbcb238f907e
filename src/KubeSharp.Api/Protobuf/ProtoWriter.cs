using System.Buffers;
using System.Text;

namespace KubeSharp.Api.Protobuf;

/// <summary>
/// Writes protobuf backwards, from the end of a buffer towards its start, the way Go's generated
/// <c>MarshalToSizedBuffer</c> does: a nested message's length is known when its content is done, so
/// no size pass is needed. Callers therefore write fields in descending number order and repeated
/// values last-to-first; the bytes come out in ascending order.
/// </summary>
/// <remarks>Not thread-safe. Rents its buffer from <see cref="ArrayPool{T}.Shared"/>: dispose it.</remarks>
public sealed class ProtoWriter : IDisposable
{
    private byte[] _buffer;
    private int _start;

    public ProtoWriter(int initialCapacity = 4096)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(initialCapacity);
        _start = _buffer.Length;
    }

    /// <summary>Bytes written so far.</summary>
    public int Length => _buffer.Length - _start;

    /// <summary>The encoded bytes, valid until the next write.</summary>
    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(_start);

    public byte[] ToArray() => WrittenSpan.ToArray();

    /// <summary>Forgets everything written, keeping the buffer.</summary>
    public void Reset() => _start = _buffer.Length;

    public void WriteRaw(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        _start -= bytes.Length;
        bytes.CopyTo(_buffer.AsSpan(_start));
    }

    public void WriteVarint(ulong value)
    {
        Span<byte> tmp = stackalloc byte[10];
        var n = 0;
        do
        {
            var b = (byte)(value & 0x7F);
            value >>= 7;
            tmp[n++] = value != 0 ? (byte)(b | 0x80) : b;
        }
        while (value != 0);
        WriteRaw(tmp[..n]);
    }

    public void WriteTag(int field, int wireType) => WriteVarint((ulong)((uint)field << 3 | (uint)wireType));

    /// <summary>A varint field (int32, int64, bool). Negative numbers take ten bytes, as in Go.</summary>
    public void WriteInt64(int field, long value)
    {
        WriteVarint((ulong)value);
        WriteTag(field, 0);
    }

    public void WriteBool(int field, bool value)
    {
        WriteVarint(value ? 1UL : 0UL);
        WriteTag(field, 0);
    }

    public void WriteDouble(int field, double value)
    {
        Span<byte> tmp = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteDoubleLittleEndian(tmp, value);
        WriteRaw(tmp);
        WriteTag(field, 1);
    }

    public void WriteString(int field, string? value)
    {
        value ??= "";
        var length = Encoding.UTF8.GetByteCount(value);
        Ensure(length);
        _start -= length;
        Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_start, length));
        WriteVarint((ulong)length);
        WriteTag(field, 2);
    }

    public void WriteBytes(int field, ReadOnlySpan<byte> value)
    {
        WriteRaw(value);
        WriteVarint((ulong)value.Length);
        WriteTag(field, 2);
    }

    /// <summary>Marks where a nested message's content ends; pass the result to <see cref="EndMessage"/>
    /// after writing its content.</summary>
    public int BeginMessage() => Length;

    /// <summary>Prefixes the content written since <paramref name="mark"/> with its length and tag.</summary>
    public void EndMessage(int field, int mark)
    {
        WriteVarint((ulong)(Length - mark));
        WriteTag(field, 2);
    }

    private void Ensure(int count)
    {
        if (_start >= count)
        {
            return;
        }
        var used = Length;
        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, used + count + 64));
        _buffer.AsSpan(_start).CopyTo(bigger.AsSpan(bigger.Length - used));
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
        _start = bigger.Length - used;
    }

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
            _start = 0;
        }
    }
}
