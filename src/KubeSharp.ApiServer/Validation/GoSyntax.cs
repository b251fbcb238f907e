using System.Globalization;
using System.Text;
using KubeSharp.Api;
using KubeSharp.Api.Meta.V1;
using KubeSharp.Api.Validation;

namespace KubeSharp.ApiServer.Validation;

/// <summary>
/// Renders the Go values upstream passes as bad values of <c>field.Invalid</c> and friends, using Go's
/// <c>%#v</c> syntax with upstream's internal type names (<c>v1.LabelSelector{...}</c>).
/// </summary>
internal static class GoSyntax
{
    /// <summary><c>map[string]string{"a":"b"}</c>, keys sorted; <c>map[string]string(nil)</c> for null.</summary>
    public static string StringMap(IReadOnlyDictionary<string, string>? map)
    {
        if (map is null)
        {
            return "map[string]string(nil)";
        }

        var sb = new StringBuilder("map[string]string{");
        var first = true;
        foreach (var key in CommonValidation.SortedKeys(map))
        {
            if (!first)
            {
                sb.Append(", ");
            }

            first = false;
            sb.Append(GoSyntax.Quote(key));
            sb.Append(':');
            sb.Append(GoSyntax.Quote(map[key]));
        }

        return sb.Append('}').ToString();
    }

    /// <summary>A bad value holding a string map.</summary>
    public static GoValue StringMapValue(IReadOnlyDictionary<string, string>? map) => new(StringMap(map));

    /// <summary><c>[]string{"a"}</c> or <c>[]string(nil)</c>.</summary>
    public static string Strings(IReadOnlyList<string>? values) =>
        Render(values is null ? GoStringSlice.Nil : new GoStringSlice(values));

    /// <summary>Go's <c>strconv.Quote</c>, exactly as field errors print strings.</summary>
    public static string Quote(string value) => Render(value);

    private static string Render(object value)
    {
        const string prefix = "Invalid value: ";
        return new FieldError(FieldErrorType.Invalid, string.Empty, value, string.Empty).ErrorBody()[prefix.Length..];
    }

    /// <summary><c>v1.LabelSelector{MatchLabels:..., MatchExpressions:...}</c>.</summary>
    public static string LabelSelector(LabelSelector selector)
    {
        var sb = new StringBuilder("v1.LabelSelector{MatchLabels:");
        sb.Append(StringMap(selector.MatchLabels)).Append(", MatchExpressions:");
        if (selector.MatchExpressions is null)
        {
            sb.Append("[]v1.LabelSelectorRequirement(nil)");
        }
        else
        {
            sb.Append("[]v1.LabelSelectorRequirement{");
            for (var i = 0; i < selector.MatchExpressions.Count; i++)
            {
                var e = selector.MatchExpressions[i];
                if (i > 0)
                {
                    sb.Append(", ");
                }

                sb.Append("v1.LabelSelectorRequirement{Key:");
                sb.Append(GoSyntax.Quote(e.Key));
                sb.Append(", Operator:");
                sb.Append(GoSyntax.Quote(e.Operator));
                sb.Append(", Values:").Append(Strings(e.Values)).Append('}');
            }

            sb.Append('}');
        }

        return sb.Append('}').ToString();
    }

    /// <summary>A bad value holding a (dereferenced) label selector, or <c>"null"</c>.</summary>
    public static object LabelSelectorValue(LabelSelector? selector) =>
        selector is null ? "null" : new GoValue(LabelSelector(selector));

    /// <summary><c>intstr.IntOrString{Type:0, IntVal:5, StrVal:""}</c>.</summary>
    public static string IntOrString(IntOrString value) =>
        value.IsInt
            ? string.Create(CultureInfo.InvariantCulture, $"intstr.IntOrString{{Type:0, IntVal:{value.IntValue}, StrVal:\"\"}}")
            : "intstr.IntOrString{Type:1, IntVal:0, StrVal:" + GoSyntax.Quote(value.StringValue) + "}";

    /// <summary>A bad value holding an IntOrString.</summary>
    public static GoValue IntOrStringValue(IntOrString value) => new(IntOrString(value));

    /// <summary>
    /// Go's dump of a <c>resource.Quantity</c> passed by value (its <c>String</c> has a pointer receiver,
    /// so <c>%#v</c> prints the struct).
    /// </summary>
    public static GoValue QuantityValue(Quantity quantity)
    {
        var text = quantity.ToString();
        var format = quantity.Format switch
        {
            QuantityFormat.BinarySI => "BinarySI",
            QuantityFormat.DecimalExponent => "DecimalExponent",
            _ => "DecimalSI",
        };
        return new GoValue("resource.Quantity{i:resource.int64Amount{value:" + quantity.Value().ToString(CultureInfo.InvariantCulture)
            + ", scale:0}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:" + GoSyntax.Quote(text) + ", Format:\"" + format + "\"}");
    }

    /// <summary>A Go pointer field inside a struct: <c>(*T)(nil)</c> or an opaque address.</summary>
    public static string Pointer(string type, bool isNull) => isNull ? "(*" + type + ")(nil)" : "(*" + type + ")(0xc000000000)";
}
