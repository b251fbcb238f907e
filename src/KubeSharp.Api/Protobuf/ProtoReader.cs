using System.Buffers.Binary;
using System.Text;

namespace KubeSharp.Api.Protobuf;

/// <summary>Reads protobuf fields forwards from a span. Malformed input throws <see cref="ProtoDecodeException"/>.</summary>
public ref struct ProtoReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _position;

    public ProtoReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _position = 0;
    }

    /// <summary>True when every byte has been read.</summary>
    public readonly bool End => _position >= _data.Length;

    /// <summary>Reads the next field key; false at the end of the message.</summary>
    public bool TryReadTag(out int field, out int wireType)
    {
        if (_position >= _data.Length)
        {
            field = 0;
            wireType = 0;
            return false;
        }
        var key = ReadVarint();
        field = (int)(key >> 3);
        wireType = (int)(key & 7);
        if (field <= 0)
        {
            throw new ProtoDecodeException($"illegal field number {field} at byte {_position}");
        }
        return true;
    }

    public ulong ReadVarint()
    {
        ulong result = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            if (_position >= _data.Length)
            {
                throw new ProtoDecodeException("unexpected end of data in a varint");
            }
            var b = _data[_position++];
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }
        throw new ProtoDecodeException("varint longer than ten bytes");
    }

    public long ReadInt64() => (long)ReadVarint();

    public int ReadInt32() => (int)ReadVarint();

    public bool ReadBool() => ReadVarint() != 0;

    public double ReadDouble()
    {
        var bytes = Take(8);
        return BinaryPrimitives.ReadDoubleLittleEndian(bytes);
    }

    /// <summary>Reads a length-delimited value's bytes.</summary>
    public ReadOnlySpan<byte> ReadLengthDelimited()
    {
        var length = ReadVarint();
        if (length > (ulong)(_data.Length - _position))
        {
            throw new ProtoDecodeException($"length {length} runs past the end of the data");
        }
        return Take((int)length);
    }

    public string ReadString() => Encoding.UTF8.GetString(ReadLengthDelimited());

    public byte[] ReadBytes() => ReadLengthDelimited().ToArray();

    /// <summary>A reader over the next length-delimited nested message.</summary>
    public ProtoReader ReadMessage() => new(ReadLengthDelimited());

    /// <summary>Skips the value of a field that is not known.</summary>
    public void Skip(int wireType)
    {
        switch (wireType)
        {
            case 0:
                ReadVarint();
                break;
            case 1:
                Take(8);
                break;
            case 2:
                ReadLengthDelimited();
                break;
            case 5:
                Take(4);
                break;
            default:
                throw new ProtoDecodeException($"unsupported wire type {wireType}");
        }
    }

    /// <summary>Reads a repeated scalar that may come packed (wire type 2) or as one value (wire type 0).</summary>
    public void ReadRepeatedVarint(int wireType, List<long> into)
    {
        if (wireType == 2)
        {
            var packed = ReadMessage();
            while (!packed.End)
            {
                into.Add(packed.ReadInt64());
            }
        }
        else
        {
            into.Add(ReadInt64());
        }
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > _data.Length - _position)
        {
            throw new ProtoDecodeException("unexpected end of data");
        }
        var slice = _data.Slice(_position, count);
        _position += count;
        return slice;
    }
}
