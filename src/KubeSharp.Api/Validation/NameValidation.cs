namespace KubeSharp.Api.Validation;

/// <summary>
/// Object-name rules, mirroring upstream's <c>ValidateNameFunc</c>s (<c>k8s.io/apimachinery/pkg/api/validation</c>)
/// and path-segment rules (<c>.../api/validation/path</c>). Each returns the failure messages; an empty list
/// means valid. When <c>prefix</c> is true the value is a <c>generateName</c> prefix and may end in '-'.
/// </summary>
public static class NameValidation
{
    /// <summary>Names that can never be used as a path segment.</summary>
    public static IReadOnlyList<string> NameMayNotBe { get; } = [".", ".."];

    /// <summary>Substrings that can never appear in a path-segment name.</summary>
    public static IReadOnlyList<string> NameMayNotContain { get; } = ["/", "%"];

    /// <summary>A name that must be a DNS-1123 subdomain (most resources).</summary>
    public static IReadOnlyList<string> NameIsDNSSubdomain(string name, bool prefix)
    {
        ArgumentNullException.ThrowIfNull(name);
        return ValueValidation.IsDNS1123Subdomain(prefix ? MaskTrailingDash(name) : name);
    }

    /// <summary>A name that must be a DNS-1123 label (for example namespaces).</summary>
    public static IReadOnlyList<string> NameIsDNSLabel(string name, bool prefix)
    {
        ArgumentNullException.ThrowIfNull(name);
        return ValueValidation.IsDNS1123Label(prefix ? MaskTrailingDash(name) : name);
    }

    /// <summary>A name that must be a DNS-1035 label (for example services).</summary>
    public static IReadOnlyList<string> NameIsDNS1035Label(string name, bool prefix)
    {
        ArgumentNullException.ThrowIfNull(name);
        return ValueValidation.IsDNS1035Label(prefix ? MaskTrailingDash(name) : name);
    }

    /// <summary>Namespace names: upstream's <c>ValidateNamespaceName</c> (a DNS-1123 label).</summary>
    public static IReadOnlyList<string> ValidateNamespaceName(string name, bool prefix) => NameIsDNSLabel(name, prefix);

    /// <summary>
    /// Names that only need to be safe as a REST path segment: not <c>.</c> or <c>..</c>
    /// (<c>may not be '.'</c>), and (unless a prefix, where only the content rule applies) not containing
    /// <c>/</c> or <c>%</c> (<c>may not contain '/'</c>).
    /// </summary>
    public static IReadOnlyList<string> ValidatePathSegmentName(string name, bool prefix) =>
        prefix ? IsValidPathSegmentPrefix(name) : IsValidPathSegmentName(name);

    /// <summary>upstream <c>IsValidPathSegmentName</c>: an exact forbidden name reports only that.</summary>
    public static IReadOnlyList<string> IsValidPathSegmentName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        for (var i = 0; i < NameMayNotBe.Count; i++)
        {
            if (name == NameMayNotBe[i])
            {
                return ["may not be '" + NameMayNotBe[i] + "'"];
            }
        }

        return IsValidPathSegmentPrefix(name);
    }

    /// <summary>upstream <c>IsValidPathSegmentPrefix</c>: only the forbidden-substring rule.</summary>
    public static IReadOnlyList<string> IsValidPathSegmentPrefix(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        List<string>? errors = null;
        for (var i = 0; i < NameMayNotContain.Count; i++)
        {
            if (name.Contains(NameMayNotContain[i], StringComparison.Ordinal))
            {
                (errors ??= []).Add("may not contain '" + NameMayNotContain[i] + "'");
            }
        }

        return errors is null ? [] : errors;
    }

    /// <summary>
    /// Makes a <c>generateName</c> prefix checkable as a name: when it ends in '-', upstream drops the
    /// last <em>two</em> characters and appends <c>a</c> (<c>"abc-"</c> becomes <c>"aba"</c>). Upstream
    /// panics on the one-character prefix <c>"-"</c>; here it is returned unchanged, so it fails validation.
    /// </summary>
    public static string MaskTrailingDash(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Length > 1 && name.EndsWith('-') ? name[..^2] + "a" : name;
    }
}
