namespace KubeSharp.Api.Validation;

/// <summary>
/// A bad value that upstream holds as a Go <c>[]string</c>; it prints as Go's <c>%#v</c>
/// (<c>[]string{"a", "b"}</c>, or <c>[]string(nil)</c> when <see cref="Values"/> is null).
/// </summary>
/// <param name="Values">The strings, or <see langword="null"/> for a nil slice.</param>
public sealed record GoStringSlice(IReadOnlyList<string>? Values)
{
    /// <summary>The nil slice, printed <c>[]string(nil)</c>.</summary>
    public static GoStringSlice Nil { get; } = new((IReadOnlyList<string>?)null);

    /// <summary>Go's <c>%#v</c> rendering.</summary>
    public override string ToString() => GoFormat.StringSlice(Values);
}
