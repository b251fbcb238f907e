namespace KubeSharp.Api.Validation;

/// <summary>
/// Why a field failed validation; mirrors upstream's <c>field.ErrorType</c>. Each value maps 1:1 to a
/// <c>metav1.CauseType</c> string (see <see cref="FieldErrorTypeExtensions.ToCauseType"/>).
/// </summary>
public enum FieldErrorType
{
    /// <summary>A requested value was not found (<c>FieldValueNotFound</c>, "Not found").</summary>
    NotFound,

    /// <summary>A required value is missing (<c>FieldValueRequired</c>, "Required value").</summary>
    Required,

    /// <summary>A value that must be unique is repeated (<c>FieldValueDuplicate</c>, "Duplicate value").</summary>
    Duplicate,

    /// <summary>A malformed value (<c>FieldValueInvalid</c>, "Invalid value").</summary>
    Invalid,

    /// <summary>A value outside an enumeration (<c>FieldValueNotSupported</c>, "Unsupported value").</summary>
    NotSupported,

    /// <summary>A well-formed value not permitted here (<c>FieldValueForbidden</c>, "Forbidden").</summary>
    Forbidden,

    /// <summary>A value that is too long; the value itself is not printed (<c>FieldValueTooLong</c>, "Too long").</summary>
    TooLong,

    /// <summary>A list with too many items (<c>FieldValueTooMany</c>, "Too many").</summary>
    TooMany,

    /// <summary>An error not caused by the input (<c>InternalError</c>, "Internal error").</summary>
    Internal,

    /// <summary>A value of the wrong schema type (<c>FieldValueTypeInvalid</c>, "Invalid value").</summary>
    TypeInvalid,
}
