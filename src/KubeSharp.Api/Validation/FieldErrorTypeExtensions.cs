namespace KubeSharp.Api.Validation;

/// <summary>String forms of <see cref="FieldErrorType"/>, exactly as upstream prints them.</summary>
public static class FieldErrorTypeExtensions
{
    /// <summary>
    /// The machine-readable cause type used in <c>Status.details.causes[].reason</c>
    /// (for example <c>FieldValueInvalid</c>).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined <see cref="FieldErrorType"/>.</exception>
    public static string ToCauseType(this FieldErrorType type) => type switch
    {
        FieldErrorType.NotFound => "FieldValueNotFound",
        FieldErrorType.Required => "FieldValueRequired",
        FieldErrorType.Duplicate => "FieldValueDuplicate",
        FieldErrorType.Invalid => "FieldValueInvalid",
        FieldErrorType.NotSupported => "FieldValueNotSupported",
        FieldErrorType.Forbidden => "FieldValueForbidden",
        FieldErrorType.TooLong => "FieldValueTooLong",
        FieldErrorType.TooMany => "FieldValueTooMany",
        FieldErrorType.Internal => "InternalError",
        FieldErrorType.TypeInvalid => "FieldValueTypeInvalid",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unrecognized validation error"),
    };

    /// <summary>The human-readable phrase that starts an error body (for example <c>Invalid value</c>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined <see cref="FieldErrorType"/>.</exception>
    public static string ToDisplayString(this FieldErrorType type) => type switch
    {
        FieldErrorType.NotFound => "Not found",
        FieldErrorType.Required => "Required value",
        FieldErrorType.Duplicate => "Duplicate value",
        FieldErrorType.Invalid => "Invalid value",
        FieldErrorType.NotSupported => "Unsupported value",
        FieldErrorType.Forbidden => "Forbidden",
        FieldErrorType.TooLong => "Too long",
        FieldErrorType.TooMany => "Too many",
        FieldErrorType.Internal => "Internal error",
        FieldErrorType.TypeInvalid => "Invalid value",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unrecognized validation error"),
    };
}
