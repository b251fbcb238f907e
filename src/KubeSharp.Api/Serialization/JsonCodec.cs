using System.Buffers;
using System.Text.Json;

namespace KubeSharp.Api.Serialization;

/// <summary>
/// Value readers and writers shared by the generated JSON codecs. Each reader expects the reader
/// on the value's first token and leaves it on the value's last token; a JSON null leaves the
/// Go zero value (callers of pointer fields test for null first).
/// </summary>
public static class JsonCodec
{
    public static string ReadString(ref Utf8JsonReader reader, JsonDecodeContext context, string goStruct)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return JsonStringPool.GetString(ref reader);
        }
        if (reader.TokenType == JsonTokenType.Null)
        {
            return "";
        }
        context.ThrowTypeMismatch(ref reader, goStruct, "string");
        return "";
    }

    public static int ReadInt32(ref Utf8JsonReader reader, JsonDecodeContext context, string goStruct)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value))
        {
            return value;
        }
        if (reader.TokenType == JsonTokenType.Null)
        {
            return 0;
        }
        context.ThrowTypeMismatch(ref reader, goStruct, "int32");
        return 0;
    }

    public static long ReadInt64(ref Utf8JsonReader reader, JsonDecodeContext context, string goStruct)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value))
        {
            return value;
        }
        if (reader.TokenType == JsonTokenType.Null)
        {
            return 0;
        }
        context.ThrowTypeMismatch(ref reader, goStruct, "int64");
        return 0;
    }

    public static bool ReadBool(ref Utf8JsonReader reader, JsonDecodeContext context, string goStruct)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.True:
                return true;
            case JsonTokenType.False:
            case JsonTokenType.Null:
                return false;
            default:
                context.ThrowTypeMismatch(ref reader, goStruct, "bool");
                return false;
        }
    }

    public static double ReadDouble(ref Utf8JsonReader reader, JsonDecodeContext context, string goStruct)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var value))
        {
            return value;
        }
        if (reader.TokenType == JsonTokenType.Null)
        {
            return 0;
        }
        context.ThrowTypeMismatch(ref reader, goStruct, "float64");
        return 0;
    }

    /// <summary>Reads Go's <c>[]byte</c>: a standard base64 string.</summary>
    public static byte[]? ReadBytes(ref Utf8JsonReader reader, JsonDecodeContext context, string goStruct)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }
        if (reader.TokenType == JsonTokenType.String && reader.TryGetBytesFromBase64(out var bytes))
        {
            return bytes;
        }
        if (reader.TokenType == JsonTokenType.String)
        {
            throw new JsonDecodeException($"illegal base64 data at input byte 0 in field {context.CurrentPath}", context.CurrentPath);
        }
        context.ThrowTypeMismatch(ref reader, goStruct, "[]uint8");
        return null;
    }

    public static List<T>? ReadList<T>(ref Utf8JsonReader reader, JsonDecodeContext context, string goStruct, string goType)
        where T : IJsonModel<T>
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            context.ThrowTypeMismatch(ref reader, goStruct, goType);
        }
        // The first three items wait in locals so that short lists (most of them: one container, one port, two
        // tolerations) get an array of their exact length and longer ones start at 8 instead of growing 4 -> 8.
        T first = default!, second = default!, third = default!;
        List<T>? list = null;
        var count = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            context.PushIndex(count);
            var item = T.ReadJson(ref reader, context);
            context.Pop();
            switch (count)
            {
                case 0:
                    first = item;
                    break;
                case 1:
                    second = item;
                    break;
                case 2:
                    third = item;
                    break;
                case 3:
                    list = new List<T>(8) { first, second, third, item };
                    break;
                default:
                    list!.Add(item);
                    break;
            }
            count++;
        }
        return count switch
        {
            0 => [],
            1 => new List<T>(1) { first },
            2 => new List<T>(2) { first, second },
            3 => new List<T>(3) { first, second, third },
            _ => list!,
        };
    }

    public static List<string>? ReadStringList(ref Utf8JsonReader reader, JsonDecodeContext context, string goStruct)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            context.ThrowTypeMismatch(ref reader, goStruct, "[]string");
        }
        var first = "";
        List<string>? list = null;
        var count = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var item = ReadString(ref reader, context, goStruct);
            if (count == 0)
            {
                first = item;
            }
            else
            {
                (list ??= new List<string>(4) { first }).Add(item);
            }
            count++;
        }
        return count switch
        {
            0 => [],
            1 => new List<string>(1) { first },
            _ => list!,
        };
    }

    public static List<int>? ReadInt32List(ref Utf8JsonReader reader, JsonDecodeContext context, string goStruct)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            context.ThrowTypeMismatch(ref reader, goStruct, "[]int32");
        }
        var list = new List<int>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            list.Add(ReadInt32(ref reader, context, goStruct));
        }
        return list;
    }

    public static List<long>? ReadInt64List(ref Utf8JsonReader reader, JsonDecodeContext context, string goStruct)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            context.ThrowTypeMismatch(ref reader, goStruct, "[]int64");
        }
        var list = new List<long>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            list.Add(ReadInt64(ref reader, context, goStruct));
        }
        return list;
    }

    public static List<bool>? ReadBoolList(ref Utf8JsonReader reader, JsonDecodeContext context, string goStruct)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            context.ThrowTypeMismatch(ref reader, goStruct, "[]bool");
        }
        var list = new List<bool>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            list.Add(ReadBool(ref reader, context, goStruct));
        }
        return list;
    }

    public static Dictionary<string, T>? ReadMap<T>(ref Utf8JsonReader reader, JsonDecodeContext context, string goStruct, string goType)
        where T : IJsonModel<T>
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            context.ThrowTypeMismatch(ref reader, goStruct, goType);
        }
        var map = new Dictionary<string, T>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = JsonStringPool.GetString(ref reader);
            reader.Read();
            context.Push(key);
            map[key] = T.ReadJson(ref reader, context);
            context.Pop();
        }
        return map;
    }

    public static Dictionary<string, string>? ReadStringMap(ref Utf8JsonReader reader, JsonDecodeContext context, string goStruct)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            context.ThrowTypeMismatch(ref reader, goStruct, "map[string]string");
        }
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = JsonStringPool.GetString(ref reader);
            reader.Read();
            map[key] = ReadString(ref reader, context, goStruct);
        }
        return map;
    }

    public static Dictionary<string, List<string>?>? ReadStringListMap(ref Utf8JsonReader reader, JsonDecodeContext context, string goStruct)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            context.ThrowTypeMismatch(ref reader, goStruct, "map[string][]string");
        }
        var map = new Dictionary<string, List<string>?>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = JsonStringPool.GetString(ref reader);
            reader.Read();
            map[key] = ReadStringList(ref reader, context, goStruct);
        }
        return map;
    }

    public static Dictionary<string, byte[]?>? ReadBytesMap(ref Utf8JsonReader reader, JsonDecodeContext context, string goStruct)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            context.ThrowTypeMismatch(ref reader, goStruct, "map[string][]uint8");
        }
        var map = new Dictionary<string, byte[]?>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = JsonStringPool.GetString(ref reader);
            reader.Read();
            context.Push(key);
            map[key] = ReadBytes(ref reader, context, goStruct);
            context.Pop();
        }
        return map;
    }

    /// <summary>Skips an unknown field's value and records it.</summary>
    public static void SkipUnknown(ref Utf8JsonReader reader, JsonDecodeContext context)
    {
        var name = reader.GetString()!;
        context.ReportUnknown(name);
        reader.Read();
        reader.Skip();
    }

    public static void WriteList<T>(Utf8JsonWriter writer, List<T>? list) where T : IJsonModel<T>
    {
        if (list is null)
        {
            writer.WriteNullValue();
            return;
        }
        writer.WriteStartArray();
        foreach (var item in list)
        {
            if (item is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                item.WriteJson(writer);
            }
        }
        writer.WriteEndArray();
    }

    public static void WriteStringList(Utf8JsonWriter writer, List<string>? list)
    {
        if (list is null)
        {
            writer.WriteNullValue();
            return;
        }
        writer.WriteStartArray();
        foreach (var item in list)
        {
            writer.WriteStringValue(item ?? "");
        }
        writer.WriteEndArray();
    }

    public static void WriteInt32List(Utf8JsonWriter writer, List<int>? list)
    {
        if (list is null)
        {
            writer.WriteNullValue();
            return;
        }
        writer.WriteStartArray();
        foreach (var item in list)
        {
            writer.WriteNumberValue(item);
        }
        writer.WriteEndArray();
    }

    public static void WriteInt64List(Utf8JsonWriter writer, List<long>? list)
    {
        if (list is null)
        {
            writer.WriteNullValue();
            return;
        }
        writer.WriteStartArray();
        foreach (var item in list)
        {
            writer.WriteNumberValue(item);
        }
        writer.WriteEndArray();
    }

    public static void WriteBoolList(Utf8JsonWriter writer, List<bool>? list)
    {
        if (list is null)
        {
            writer.WriteNullValue();
            return;
        }
        writer.WriteStartArray();
        foreach (var item in list)
        {
            writer.WriteBooleanValue(item);
        }
        writer.WriteEndArray();
    }

    public static void WriteBytes(Utf8JsonWriter writer, byte[]? value)
    {
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteBase64StringValue(value);
        }
    }

    public static void WriteDouble(Utf8JsonWriter writer, double value) => writer.WriteNumberValue(value);

    /// <summary>Writes a map with its keys in ordinal order, as Go's encoding/json does.</summary>
    public static void WriteMap<T>(Utf8JsonWriter writer, Dictionary<string, T>? map) where T : IJsonModel<T>
    {
        if (map is null)
        {
            writer.WriteNullValue();
            return;
        }
        writer.WriteStartObject();
        var keys = SortedKeys(map, out var rented);
        foreach (var key in keys)
        {
            writer.WritePropertyName(key);
            var value = map[key];
            if (value is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                value.WriteJson(writer);
            }
        }
        Return(rented);
        writer.WriteEndObject();
    }

    public static void WriteStringMap(Utf8JsonWriter writer, Dictionary<string, string>? map)
    {
        if (map is null)
        {
            writer.WriteNullValue();
            return;
        }
        writer.WriteStartObject();
        var keys = SortedKeys(map, out var rented);
        foreach (var key in keys)
        {
            writer.WriteString(key, map[key] ?? "");
        }
        Return(rented);
        writer.WriteEndObject();
    }

    public static void WriteStringListMap(Utf8JsonWriter writer, Dictionary<string, List<string>?>? map)
    {
        if (map is null)
        {
            writer.WriteNullValue();
            return;
        }
        writer.WriteStartObject();
        var keys = SortedKeys(map, out var rented);
        foreach (var key in keys)
        {
            writer.WritePropertyName(key);
            WriteStringList(writer, map[key]);
        }
        Return(rented);
        writer.WriteEndObject();
    }

    public static void WriteBytesMap(Utf8JsonWriter writer, Dictionary<string, byte[]?>? map)
    {
        if (map is null)
        {
            writer.WriteNullValue();
            return;
        }
        writer.WriteStartObject();
        var keys = SortedKeys(map, out var rented);
        foreach (var key in keys)
        {
            writer.WritePropertyName(key);
            WriteBytes(writer, map[key]);
        }
        Return(rented);
        writer.WriteEndObject();
    }

    /// <summary>The keys of <paramref name="map"/> in ordinal order, in a rented array when more than one.</summary>
    public static ReadOnlySpan<string> SortedKeys<TValue>(Dictionary<string, TValue> map, out string[]? rented)
    {
        rented = null;
        if (map.Count == 0)
        {
            return [];
        }
        rented = ArrayPool<string>.Shared.Rent(map.Count);
        map.Keys.CopyTo(rented, 0);
        var span = rented.AsSpan(0, map.Count);
        if (span.Length > 1)
        {
            // A cached Comparison: Sort with an IComparer wraps comparer.Compare in a new delegate on every call.
            span.Sort(OrdinalComparison);
        }
        return span;
    }

    private static readonly Comparison<string> OrdinalComparison = string.CompareOrdinal;

    private static void Return(string[]? rented)
    {
        if (rented is not null)
        {
            ArrayPool<string>.Shared.Return(rented, clearArray: true);
        }
    }
}
