using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Validation;

namespace KubeSharp.ApiServer.Validation.Core;

/// <summary>upstream's ConfigMap rules (<c>ValidateConfigMap</c>, <c>ValidateConfigMapUpdate</c>).</summary>
public static class ConfigMapValidation
{
    /// <summary>upstream <c>MaxSecretSize</c>, also the ConfigMap limit: 1 MiB.</summary>
    public const int MaxSize = 1024 * 1024;

    /// <summary>The Forbidden message for changes to an immutable ConfigMap or Secret.</summary>
    public const string ImmutableMessage = "field is immutable when `immutable` is set";

    /// <summary>upstream <c>ValidateConfigMap</c>.</summary>
    public static FieldErrorList Validate(ConfigMap configMap)
    {
        ArgumentNullException.ThrowIfNull(configMap);
        var errors = ObjectMetaValidation.Validate(configMap.Metadata, true, ObjectMetaValidation.DnsSubdomain, FieldPath.Root("metadata"));
        long total = 0;
        foreach (var key in CommonValidation.SortedKeys(configMap.Data))
        {
            var p = FieldPath.Root("data").Key(key);
            foreach (var msg in ValueValidation.IsConfigMapKey(key))
            {
                errors.Add(FieldError.Invalid(p, key, msg));
            }

            if (configMap.BinaryData is not null && configMap.BinaryData.ContainsKey(key))
            {
                errors.Add(FieldError.Invalid(p, key, "duplicate of key present in binaryData"));
            }

            total += System.Text.Encoding.UTF8.GetByteCount(configMap.Data![key]);
        }

        foreach (var key in CommonValidation.SortedKeys(configMap.BinaryData))
        {
            foreach (var msg in ValueValidation.IsConfigMapKey(key))
            {
                errors.Add(FieldError.Invalid(FieldPath.Root("binaryData").Key(key), key, msg));
            }

            total += configMap.BinaryData![key]?.Length ?? 0;
        }

        if (total > MaxSize)
        {
            errors.Add(FieldError.TooLong(FieldPath.Root(string.Empty), string.Empty, MaxSize));
        }

        return errors;
    }

    /// <summary>upstream <c>ValidateConfigMapUpdate</c>.</summary>
    public static FieldErrorList ValidateUpdate(ConfigMap configMap, ConfigMap old)
    {
        ArgumentNullException.ThrowIfNull(configMap);
        ArgumentNullException.ThrowIfNull(old);
        var errors = ObjectMetaValidation.ValidateUpdate(configMap.Metadata, old.Metadata, FieldPath.Root("metadata"));
        if (old.Immutable == true)
        {
            if (configMap.Immutable != true)
            {
                errors.Add(FieldError.Forbidden(FieldPath.Root("immutable"), ImmutableMessage));
            }

            if (!CommonValidation.StringMapsEqual(configMap.Data, old.Data))
            {
                errors.Add(FieldError.Forbidden(FieldPath.Root("data"), ImmutableMessage));
            }

            if (!BytesMapsEqual(configMap.BinaryData, old.BinaryData))
            {
                errors.Add(FieldError.Forbidden(FieldPath.Root("binaryData"), ImmutableMessage));
            }
        }

        errors.AddRange(Validate(configMap));
        return errors;
    }

    /// <summary>
    /// Go's <c>reflect.DeepEqual</c> of two <c>map[string][]byte</c>: a nil map differs from an empty one.
    /// </summary>
    internal static bool BytesMapsEqual(Dictionary<string, byte[]?>? a, Dictionary<string, byte[]?>? b)
    {
        if (a is null || b is null)
        {
            return a is null && b is null;
        }

        if (a.Count != b.Count)
        {
            return false;
        }

        foreach (var (k, v) in a)
        {
            if (!b.TryGetValue(k, out var other) || (v ?? []).AsSpan().SequenceEqual(other ?? []) is false)
            {
                return false;
            }
        }

        return true;
    }
}
