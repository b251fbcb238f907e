using KubeSharp.Api.Labels;
using KubeSharp.Api.Meta.V1;
using KubeSharp.Api.Validation;

namespace KubeSharp.ApiServer.Validation;

/// <summary>
/// Building blocks shared by every kind: upstream's <c>ValidateLabels</c>, <c>ValidateAnnotations</c>,
/// <c>ValidateLabelSelector</c>, <c>ValidateNonnegativeField</c>, <c>ValidateImmutableField</c> and the
/// name/format wrappers of <c>pkg/apis/core/validation</c>.
/// </summary>
/// <remarks>Go iterates maps in random order; here map keys are visited in ordinal order so output is stable.</remarks>
public static class CommonValidation
{
    /// <summary>upstream <c>IsNegativeErrorMsg</c>.</summary>
    public const string IsNegativeErrorMsg = "must be greater than or equal to 0";

    /// <summary>upstream <c>FieldImmutableErrorMsg</c>.</summary>
    public const string FieldImmutableErrorMsg = "field is immutable";

    /// <summary>upstream <c>TotalAnnotationSizeLimitB</c>: 256 KiB.</summary>
    public const int TotalAnnotationSizeLimitB = 256 * 1024;

    /// <summary>Map keys in ordinal order.</summary>
    public static IReadOnlyList<string> SortedKeys<T>(IReadOnlyDictionary<string, T>? map)
    {
        if (map is null || map.Count == 0)
        {
            return [];
        }

        var keys = map.Keys.ToArray();
        if (keys.Length > 1)
        {
            Array.Sort(keys, string.CompareOrdinal); // a cached delegate: no comparer adapter per call
        }

        return keys;
    }

    /// <summary>Map keys in ordinal order.</summary>
    public static IReadOnlyList<string> SortedKeys<T>(Dictionary<string, T>? map) => SortedKeys((IReadOnlyDictionary<string, T>?)map);

    /// <summary>upstream <c>ValidateNonnegativeField</c>.</summary>
    public static void NonNegative(FieldErrorList errors, long value, FieldPath path)
    {
        if (value < 0)
        {
            errors.Add(FieldError.Invalid(path, value, IsNegativeErrorMsg));
        }
    }

    /// <summary>upstream <c>ValidateImmutableField</c> given the comparison result.</summary>
    public static void Immutable(FieldErrorList errors, bool equal, object? newValue, FieldPath path)
    {
        if (!equal)
        {
            errors.Add(FieldError.Invalid(path, newValue, FieldImmutableErrorMsg));
        }
    }

    /// <summary>upstream <c>ValidateQualifiedName</c>.</summary>
    public static void QualifiedName(FieldErrorList errors, string value, FieldPath path)
    {
        foreach (var msg in ValueValidation.IsQualifiedName(value))
        {
            errors.Add(FieldError.Invalid(path, value, msg));
        }
    }

    /// <summary>upstream <c>ValidateDNS1123Label</c>.</summary>
    public static void DNS1123Label(FieldErrorList errors, string value, FieldPath path)
    {
        foreach (var msg in ValueValidation.IsDNS1123Label(value))
        {
            errors.Add(FieldError.Invalid(path, value, msg));
        }
    }

    /// <summary>upstream <c>ValidateDNS1123Subdomain</c>.</summary>
    public static void DNS1123Subdomain(FieldErrorList errors, string value, FieldPath path)
    {
        foreach (var msg in ValueValidation.IsDNS1123Subdomain(value))
        {
            errors.Add(FieldError.Invalid(path, value, msg));
        }
    }

    /// <summary>Applies a name rule and reports each message as Invalid.</summary>
    public static void Name(FieldErrorList errors, NameValidator nameFn, string value, FieldPath path)
    {
        ArgumentNullException.ThrowIfNull(nameFn);
        foreach (var msg in nameFn(value, false))
        {
            errors.Add(FieldError.Invalid(path, value, msg));
        }
    }

    /// <summary>upstream <c>ValidateLabelName</c>.</summary>
    public static void LabelName(FieldErrorList errors, string name, FieldPath path) => QualifiedName(errors, name, path);

    /// <summary>upstream <c>ValidateLabels</c>: every error is reported at <paramref name="path"/> itself.</summary>
    public static void Labels(FieldErrorList errors, IReadOnlyDictionary<string, string>? labels, FieldPath path)
    {
        foreach (var key in SortedKeys(labels))
        {
            LabelName(errors, key, path);
            foreach (var msg in ValueValidation.IsValidLabelValue(labels![key]))
            {
                errors.Add(FieldError.Invalid(path, labels[key], msg));
            }
        }
    }

    /// <summary>upstream <c>ValidateLabels</c> for a mutable dictionary.</summary>
    public static void Labels(FieldErrorList errors, Dictionary<string, string>? labels, FieldPath path)
    {
        if (labels is null || labels.Count == 0)
        {
            return;
        }

        // Valid labels (the usual case) are checked without sorting the keys; only errors need the stable order.
        foreach (var (key, value) in labels)
        {
            if (ValueValidation.IsQualifiedName(key).Count != 0 || ValueValidation.IsValidLabelValue(value).Count != 0)
            {
                Labels(errors, (IReadOnlyDictionary<string, string>?)labels, path);
                return;
            }
        }
    }

    /// <summary>upstream <c>ValidateAnnotations</c>: lower-cased keys must be qualified names; total size at most 256 KiB.</summary>
    public static void Annotations(FieldErrorList errors, Dictionary<string, string>? annotations, FieldPath path)
    {
        if (annotations is null || annotations.Count == 0)
        {
            return;
        }

        // Valid keys (the usual case) are checked without sorting them; only errors need the stable order.
        foreach (var key in annotations.Keys)
        {
            if (ValueValidation.IsQualifiedName(key.ToLowerInvariant()).Count != 0)
            {
                foreach (var sortedKey in SortedKeys(annotations))
                {
                    foreach (var msg in ValueValidation.IsQualifiedName(sortedKey.ToLowerInvariant()))
                    {
                        errors.Add(FieldError.Invalid(path, sortedKey, msg));
                    }
                }

                break;
            }
        }

        long total = 0;
        foreach (var (k, v) in annotations)
        {
            total += System.Text.Encoding.UTF8.GetByteCount(k) + System.Text.Encoding.UTF8.GetByteCount(v);
        }

        if (total > TotalAnnotationSizeLimitB)
        {
            errors.Add(FieldError.TooLong(path, string.Empty, TotalAnnotationSizeLimitB));
        }
    }

    /// <summary>upstream <c>ValidateLabelSelector</c> (meta/v1 validation).</summary>
    public static void LabelSelector(FieldErrorList errors, LabelSelector? selector, FieldPath path, bool allowInvalidLabelValue = false)
    {
        if (selector is null)
        {
            return;
        }

        Labels(errors, selector.MatchLabels, path.Child("matchLabels"));
        if (selector.MatchExpressions is { } expressions)
        {
            for (var i = 0; i < expressions.Count; i++)
            {
                LabelSelectorRequirement(errors, expressions[i], path.Child("matchExpressions").Index(i), allowInvalidLabelValue);
            }
        }
    }

    /// <summary>upstream <c>ValidateLabelSelectorRequirement</c>.</summary>
    public static void LabelSelectorRequirement(FieldErrorList errors, LabelSelectorRequirement requirement, FieldPath path, bool allowInvalidLabelValue)
    {
        ArgumentNullException.ThrowIfNull(requirement);
        var count = requirement.Values?.Count ?? 0;
        switch (requirement.Operator)
        {
            case "In":
            case "NotIn":
                if (count == 0)
                {
                    errors.Add(FieldError.Required(path.Child("values"), "must be specified when `operator` is 'In' or 'NotIn'"));
                }

                break;
            case "Exists":
            case "DoesNotExist":
                if (count > 0)
                {
                    errors.Add(FieldError.Forbidden(path.Child("values"), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
                }

                break;
            default:
                errors.Add(FieldError.Invalid(path.Child("operator"), requirement.Operator, "not a valid selector operator"));
                break;
        }

        LabelName(errors, requirement.Key, path.Child("key"));
        if (!allowInvalidLabelValue && requirement.Values is { } values)
        {
            for (var i = 0; i < values.Count; i++)
            {
                foreach (var msg in ValueValidation.IsValidLabelValue(values[i]))
                {
                    errors.Add(FieldError.Invalid(path.Child("values").Index(i), values[i], msg));
                }
            }
        }
    }

    /// <summary>upstream <c>metav1.LabelSelectorAsSelector</c>; null when the selector does not convert.</summary>
    public static Selector? AsSelector(LabelSelector? selector) =>
        selector.TryToSelector(out var result, out _) ? result : null;

    /// <summary>Whether two string maps hold the same entries (null and empty are equal, as upstream's semantic equality).</summary>
    public static bool MapsEqual<T>(IReadOnlyDictionary<string, T>? a, IReadOnlyDictionary<string, T>? b, Func<T, T, bool> equal)
    {
        ArgumentNullException.ThrowIfNull(equal);
        var ca = a?.Count ?? 0;
        var cb = b?.Count ?? 0;
        if (ca != cb)
        {
            return false;
        }

        if (ca == 0)
        {
            return true;
        }

        foreach (var (k, v) in a!)
        {
            if (!b!.TryGetValue(k, out var other) || !equal(v, other))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether two string maps hold the same entries.</summary>
    public static bool StringMapsEqual(Dictionary<string, string>? a, Dictionary<string, string>? b) =>
        MapsEqual<string>(a, b, string.Equals);

    /// <summary>Whether two string lists are equal (null and empty equal).</summary>
    public static bool StringListsEqual(IReadOnlyList<string>? a, IReadOnlyList<string>? b)
    {
        var ca = a?.Count ?? 0;
        if (ca != (b?.Count ?? 0))
        {
            return false;
        }

        for (var i = 0; i < ca; i++)
        {
            if (!string.Equals(a![i], b![i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
