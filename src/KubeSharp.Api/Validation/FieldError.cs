using System.Globalization;

namespace KubeSharp.Api.Validation;

/// <summary>
/// One field-level validation failure, mirroring upstream's <c>field.Error</c>. <see cref="ToString"/>
/// prints exactly what upstream's <c>Error()</c> prints, for example
/// <c>metadata.name: Invalid value: "Foo": a lowercase RFC 1123 subdomain must ...</c>.
/// </summary>
/// <remarks>
/// Immutable. Bad values are rendered the way upstream's <c>ErrorBody</c> renders them: strings are
/// Go-quoted, numbers and booleans printed plainly, <see langword="null"/> prints <c>null</c>,
/// <see cref="GoStringSlice"/> and string lists print as Go's <c>[]string{...}</c>, anything else by
/// its <see cref="object.ToString"/>. Pass <see cref="OmitValue"/> to leave the value out.
/// </remarks>
public sealed class FieldError
{
    /// <summary>Creates an error. Prefer the named factories, which fill the detail like upstream.</summary>
    public FieldError(FieldErrorType type, string field, object? badValue, string detail)
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(detail);
        Type = type;
        Field = field;
        BadValue = badValue;
        Detail = detail;
    }

    /// <summary>Marker for a bad value that must not be printed.</summary>
    public static object OmitValue { get; } = new OmitValueMarker();

    /// <summary>Why the field is invalid.</summary>
    public FieldErrorType Type { get; }

    /// <summary>The field path as printed (for example <c>spec.containers[0].image</c>).</summary>
    public string Field { get; }

    /// <summary>The offending value (see the type remarks for how it prints).</summary>
    public object? BadValue { get; }

    /// <summary>The human-readable explanation; may be empty.</summary>
    public string Detail { get; }

    /// <summary>upstream <c>field.Required</c>: "Required value".</summary>
    public static FieldError Required(FieldPath? path, string detail = "") =>
        new(FieldErrorType.Required, FieldPath.Format(path), string.Empty, detail);

    /// <summary>upstream <c>field.Invalid</c>: "Invalid value: &lt;value&gt;".</summary>
    public static FieldError Invalid(FieldPath? path, object? value, string detail) =>
        new(FieldErrorType.Invalid, FieldPath.Format(path), value, detail);

    /// <summary>upstream <c>field.TypeInvalid</c>.</summary>
    public static FieldError TypeInvalid(FieldPath? path, object? value, string detail) =>
        new(FieldErrorType.TypeInvalid, FieldPath.Format(path), value, detail);

    /// <summary>upstream <c>field.NotFound</c>.</summary>
    public static FieldError NotFound(FieldPath? path, object? value) =>
        new(FieldErrorType.NotFound, FieldPath.Format(path), value, string.Empty);

    /// <summary>upstream <c>field.Duplicate</c>.</summary>
    public static FieldError Duplicate(FieldPath? path, object? value) =>
        new(FieldErrorType.Duplicate, FieldPath.Format(path), value, string.Empty);

    /// <summary>
    /// upstream <c>field.NotSupported</c>: the detail lists the Go-quoted supported values,
    /// <c>supported values: "a", "b"</c> (no detail when the list is empty).
    /// </summary>
    public static FieldError NotSupported(FieldPath? path, object? value, IEnumerable<string>? validValues)
    {
        var detail = string.Empty;
        if (validValues is not null)
        {
            var quoted = validValues.Select(GoFormat.Quote).ToList();
            if (quoted.Count > 0)
            {
                detail = "supported values: " + string.Join(", ", quoted);
            }
        }

        return new FieldError(FieldErrorType.NotSupported, FieldPath.Format(path), value, detail);
    }

    /// <summary>upstream <c>field.Forbidden</c>.</summary>
    public static FieldError Forbidden(FieldPath? path, string detail) =>
        new(FieldErrorType.Forbidden, FieldPath.Format(path), string.Empty, detail);

    /// <summary>upstream <c>field.TooLong</c>: detail <c>must have at most N bytes</c>; the value is not printed.</summary>
    public static FieldError TooLong(FieldPath? path, object? value, int maxLength) =>
        new(FieldErrorType.TooLong, FieldPath.Format(path), value,
            string.Create(CultureInfo.InvariantCulture, $"must have at most {maxLength} bytes"));

    /// <summary>
    /// upstream <c>field.TooLongMaxLength</c>: <c>may not be longer than N</c>, or
    /// <c>value is too long</c> when <paramref name="maxLength"/> is negative.
    /// </summary>
    public static FieldError TooLongMaxLength(FieldPath? path, object? value, int maxLength) =>
        new(FieldErrorType.TooLong, FieldPath.Format(path), value,
            maxLength >= 0
                ? string.Create(CultureInfo.InvariantCulture, $"may not be longer than {maxLength}")
                : "value is too long");

    /// <summary>
    /// upstream <c>field.TooMany</c>: <c>Too many: &lt;actual&gt;: must have at most N items</c>; a negative
    /// quantity is left out of the message.
    /// </summary>
    public static FieldError TooMany(FieldPath? path, int actualQuantity, int maxQuantity) =>
        new(FieldErrorType.TooMany, FieldPath.Format(path),
            actualQuantity >= 0 ? actualQuantity : OmitValue,
            maxQuantity >= 0
                ? string.Create(CultureInfo.InvariantCulture, $"must have at most {maxQuantity} items")
                : "has too many items");

    /// <summary>upstream <c>field.InternalError</c>: "Internal error: &lt;message&gt;".</summary>
    public static FieldError InternalError(FieldPath? path, string message) =>
        new(FieldErrorType.Internal, FieldPath.Format(path), null, message);

    /// <summary>The message without the field name, exactly as upstream's <c>ErrorBody()</c>.</summary>
    public string ErrorBody()
    {
        string body;
        switch (Type)
        {
            case FieldErrorType.Required:
            case FieldErrorType.Forbidden:
            case FieldErrorType.TooLong:
            case FieldErrorType.Internal:
                body = Type.ToDisplayString();
                break;
            default:
                body = ReferenceEquals(BadValue, OmitValue)
                    ? Type.ToDisplayString()
                    : Type.ToDisplayString() + ": " + FormatValue(BadValue);
                break;
        }

        return Detail.Length != 0 ? body + ": " + Detail : body;
    }

    /// <summary>The full message, <c>&lt;field&gt;: &lt;body&gt;</c>, as upstream's <c>Error()</c>.</summary>
    public override string ToString() => Field + ": " + ErrorBody();

    /// <summary>Renders a bad value the way upstream's <c>ErrorBody</c> does.</summary>
    internal static string FormatValue(object? value) => value switch
    {
        null => "null",
        string s => GoFormat.Quote(s),
        bool b => b ? "true" : "false",
        float f => GoFormat.Float(double.Parse(f.ToString("R", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)),
        double d => GoFormat.Float(d),
        sbyte or byte or short or ushort or int or uint or long or ulong or decimal =>
            ((IFormattable)value).ToString(null, CultureInfo.InvariantCulture),
        GoStringSlice slice => slice.ToString(),
        IReadOnlyList<string> list => GoFormat.StringSlice(list),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "null",
    };

    private sealed class OmitValueMarker
    {
        public override string ToString() => string.Empty;
    }
}
