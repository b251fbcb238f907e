using System.Buffers;
using System.Globalization;
using System.Text.Json;
using KubeSharp.Api.Manifests;

namespace KubeSharp.Api.Serialization;

/// <summary>
/// What Go writes for JSON that went through <c>json.Unmarshal</c> into <c>interface{}</c> and back through
/// <c>json.Marshal</c>: object keys sorted (Go marshals maps in key order), strings escaped as <c>encoding/json</c>
/// does, numbers as float64. Upstream builds some stored bytes this way (the DaemonSet controller's ControllerRevision
/// data, which kubectl compares byte for byte).
/// </summary>
public static class GoJsonMap
{
    /// <summary>Re-encodes one JSON document as Go's generic map round trip does.</summary>
    /// <exception cref="JsonException">The input is not JSON.</exception>
    public static byte[] Reencode(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, KubeJson.ReaderOptions);
        using var document = JsonDocument.ParseValue(ref reader);
        var output = new ArrayBufferWriter<byte>(json.Length + 16);
        Write(new GoJsonWriter(output), document.RootElement);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>Writes <paramref name="value"/> as Go's map round trip does (see <see cref="Reencode"/>).</summary>
    internal static void Write(GoJsonWriter writer, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                var properties = new List<(string Name, JsonElement Value)>();
                foreach (var property in value.EnumerateObject())
                {
                    properties.Add((property.Name, property.Value));
                }
                // Go sorts map keys as byte strings: ordinal UTF-16 order agrees except around surrogates, so compare
                // the UTF-8 bytes. Duplicate keys: the last one wins in Go's decoder.
                properties.Sort((a, b) => CompareUtf8(a.Name, b.Name));
                writer.WriteStartObject();
                for (var i = 0; i < properties.Count; i++)
                {
                    if (i + 1 < properties.Count && properties[i + 1].Name == properties[i].Name)
                    {
                        continue;
                    }
                    writer.WritePropertyName(properties[i].Name);
                    Write(writer, properties[i].Value);
                }
                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in value.EnumerateArray())
                {
                    Write(writer, item);
                }
                writer.WriteEndArray();
                break;
            case JsonValueKind.String:
                writer.WriteString(value.GetString()!);
                break;
            case JsonValueKind.Number:
                writer.WriteRaw(FormatFloat64(value.GetRawText()));
                break;
            case JsonValueKind.True:
                writer.WriteBool(true);
                break;
            case JsonValueKind.False:
                writer.WriteBool(false);
                break;
            default:
                writer.WriteNull();
                break;
        }
    }

    private static int CompareUtf8(string a, string b)
        => System.Text.Encoding.UTF8.GetBytes(a).AsSpan().SequenceCompareTo(System.Text.Encoding.UTF8.GetBytes(b));

    /// <summary>
    /// A JSON number as Go's float64 encoder writes it: the shortest text that reads back to the same float64, in
    /// fixed notation for magnitudes in [1e-6, 1e21), otherwise as <c>1e+21</c> / <c>1e-7</c>.
    /// </summary>
    internal static string FormatFloat64(string raw)
    {
        // Integers that a float64 holds exactly come back unchanged.
        if (raw.AsSpan().IndexOfAny(".eE") < 0 && raw.Length <= 15)
        {
            return raw == "-0" ? "-0" : raw;
        }
        var value = double.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (double.IsInfinity(value))
        {
            return raw;
        }
        var shortest = value.ToString("R", CultureInfo.InvariantCulture);
        var abs = Math.Abs(value);
        var exponentForm = abs != 0 && (abs < 1e-6 || abs >= 1e21);
        var e = shortest.IndexOf('E', StringComparison.Ordinal);
        if (exponentForm)
        {
            string mantissa = e < 0 ? shortest : shortest[..e];
            var exponent = e < 0 ? 0 : int.Parse(shortest[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            if (e < 0)
            {
                // "R" chose fixed notation: normalise to d.ddd form.
                (mantissa, exponent) = Normalise(shortest);
            }
            // Go writes at least two exponent digits, then encoding/json shortens "e-07" to "e-7".
            return mantissa + (exponent < 0
                ? "e-" + (-exponent).ToString(CultureInfo.InvariantCulture)
                : "e+" + exponent.ToString("00", CultureInfo.InvariantCulture));
        }
        if (e < 0)
        {
            return shortest;
        }
        // Fixed notation from d.dddE±x.
        var negative = shortest.StartsWith('-');
        var digitsPart = shortest[(negative ? 1 : 0)..e];
        var exp = int.Parse(shortest[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var dot = digitsPart.IndexOf('.', StringComparison.Ordinal);
        var digits = dot < 0 ? digitsPart : digitsPart.Remove(dot, 1);
        var pointAt = (dot < 0 ? digitsPart.Length : dot) + exp;
        string text;
        if (pointAt <= 0)
        {
            text = "0." + new string('0', -pointAt) + digits;
        }
        else if (pointAt >= digits.Length)
        {
            text = digits + new string('0', pointAt - digits.Length);
        }
        else
        {
            text = digits[..pointAt] + "." + digits[pointAt..];
        }
        return (negative ? "-" : "") + text;
    }

    private static (string Mantissa, int Exponent) Normalise(string fixedText)
    {
        var negative = fixedText.StartsWith('-');
        var body = negative ? fixedText[1..] : fixedText;
        var dot = body.IndexOf('.', StringComparison.Ordinal);
        var digits = dot < 0 ? body : body.Remove(dot, 1);
        var pointAt = dot < 0 ? body.Length : dot;
        var first = 0;
        while (first < digits.Length - 1 && digits[first] == '0')
        {
            first++;
        }
        var significant = digits[first..].TrimEnd('0');
        if (significant.Length == 0)
        {
            significant = "0";
        }
        var exponent = pointAt - first - 1;
        var mantissa = significant.Length == 1 ? significant : significant[..1] + "." + significant[1..];
        return ((negative ? "-" : "") + mantissa, exponent);
    }
}
