namespace KubeSharp.ApiServer.Patching;

/// <summary>Who is writing an object and how, for server-side apply and managed-fields tracking.</summary>
/// <param name="Manager">The field manager (<c>fieldManager</c> query parameter, or upstream's user-agent prefix).</param>
/// <param name="ApiVersion">The request's group/version, e.g. <c>apps/v1</c> or <c>v1</c>.</param>
/// <param name="Now">The request time (from the injected <see cref="TimeProvider"/>); recorded at second precision.</param>
public sealed record ManagedFieldsContext(string Manager, string ApiVersion, DateTimeOffset Now)
{
    /// <summary><c>force=true</c>: take ownership of conflicting fields instead of failing.</summary>
    public bool Force { get; init; }

    /// <summary>The subresource written (<c>""</c> for the main resource, <c>status</c>, <c>scale</c>).</summary>
    public string Subresource { get; init; } = "";

    /// <summary>
    /// Top-level fields the endpoint resets and therefore never records (upstream's strategy reset fields): by default
    /// <c>status</c> for the main resource and <c>spec</c> for the status subresource.
    /// </summary>
    public IReadOnlyList<string>? ResetFields { get; init; }

    internal IReadOnlyList<string> EffectiveResetFields
        => ResetFields ?? (Subresource == "status" ? ["spec"] : Subresource.Length == 0 ? ["status"] : []);

    private static readonly FieldPath[] s_spec = [FieldPath.Of("spec")];
    private static readonly FieldPath[] s_status = [FieldPath.Of("status")];

    /// <summary><see cref="EffectiveResetFields"/> as field paths.</summary>
    internal IReadOnlyList<FieldPath> EffectiveResetPaths
        => ResetFields is { } fields ? [.. fields.Select(f => FieldPath.Of(f))] : Subresource == "status" ? s_spec : Subresource.Length == 0 ? s_status : [];
}
