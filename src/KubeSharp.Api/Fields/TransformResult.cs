using System.Diagnostics.CodeAnalysis;

namespace KubeSharp.Api.Fields;

/// <summary>
/// The outcome of a field selector transform function (upstream's <c>TransformFunc</c> result): the new
/// field and value, or an error message. Returning an empty field and value drops the term.
/// </summary>
public readonly record struct TransformResult
{
    private TransformResult(string field, string value, string? error)
    {
        Field = field;
        Value = value;
        Error = error;
    }

    /// <summary>The (possibly renamed) field.</summary>
    public string Field { get; }

    /// <summary>The (possibly converted) value.</summary>
    public string Value { get; }

    /// <summary>The failure message, or <see langword="null"/> on success.</summary>
    public string? Error { get; }

    /// <summary>True when <see cref="Error"/> is set.</summary>
    [MemberNotNullWhen(true, nameof(Error))]
    public bool IsError => Error is not null;

    /// <summary>A successful transform to <paramref name="field"/> and <paramref name="value"/>.</summary>
    public static TransformResult Success(string field, string value)
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(value);
        return new TransformResult(field, value, null);
    }

    /// <summary>A failed transform; the message is returned to the caller unchanged.</summary>
    public static TransformResult Failure(string error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new TransformResult(string.Empty, string.Empty, error);
    }
}
