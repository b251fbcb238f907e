using System.Buffers;
using System.Text.Json;
using KubeSharp.Api;
using KubeSharp.Api.Serialization;
using KubeSharp.Api.Validation;

namespace KubeSharp.ApiServer.Registry;

/// <summary>
/// The strategy every resource starts from: status is owned by the /status subresource where there is one,
/// generation starts at 1 and grows when the spec changes, names are validated as upstream's ObjectMeta rules.
/// Defaulting and kind-specific validation plug in through <see cref="Defaulter"/> and <see cref="Validator"/>.
/// </summary>
public class GenericStrategy : IResourceStrategy
{
    /// <summary>The shared instance.</summary>
    public static GenericStrategy Instance { get; } = new();

    /// <summary>Kind-specific defaulting (upstream's defaults.go); none by default.</summary>
    public static Action<object>? Defaulter { get; set; }

    /// <summary>Kind-specific validation of creates (upstream's validation.go); none by default.</summary>
    public static Func<object, FieldErrorList>? Validator { get; set; }

    /// <summary>Kind-specific validation of updates.</summary>
    public static Func<object, object, FieldErrorList>? UpdateValidator { get; set; }

    public virtual bool AllowCreateOnUpdate => false;

    public virtual void PrepareForCreate(ResourceDefinition resource, IKubeMetaObject obj)
    {
        if (resource.HasStatusSubresource && obj is IHasStatus status)
        {
            status.ClearStatus();
        }
        if (obj is IHasSpec)
        {
            obj.Metadata.Generation = 1;
        }
    }

    public virtual void PrepareForUpdate(ResourceDefinition resource, IKubeMetaObject obj, IKubeMetaObject old)
    {
        if (resource.HasStatusSubresource && obj is IHasStatus status && old is IHasStatus oldStatus)
        {
            status.CopyStatusFrom(oldStatus);
        }
        if (obj is IHasSpec spec && old is IHasSpec oldSpec)
        {
            obj.Metadata.Generation = SameJson(spec.SpecObject, oldSpec.SpecObject)
                ? old.Metadata.Generation
                : Math.Max(old.Metadata.Generation, 1) + 1;
        }
    }

    public virtual void Default(IKubeMetaObject obj) => Defaulter?.Invoke(obj);

    public virtual FieldErrorList ValidateCreate(ResourceDefinition resource, IKubeMetaObject obj)
    {
        var errors = ObjectMetaRules.ValidateName(resource, obj.Metadata.Name);
        if (Validator is { } validate)
        {
            errors.AddRange(validate(obj));
        }
        return errors;
    }

    public virtual FieldErrorList ValidateUpdate(ResourceDefinition resource, IKubeMetaObject obj, IKubeMetaObject old)
    {
        var errors = new FieldErrorList();
        if (UpdateValidator is { } validate)
        {
            errors.AddRange(validate(obj, old));
        }
        return errors;
    }

    public virtual void AddSelectableFields(IKubeMetaObject obj, Dictionary<string, string> fields)
    {
    }

    /// <summary>Whether two values encode to the same JSON.</summary>
    protected static bool SameJson(IJsonWritable? a, IJsonWritable? b)
    {
        if (ReferenceEquals(a, b))
        {
            return true;
        }
        return Encode(a).AsSpan().SequenceEqual(Encode(b));
    }

    private static byte[] Encode(IJsonWritable? value)
    {
        if (value is null)
        {
            return [];
        }
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, KubeJson.WriterOptions))
        {
            value.WriteJson(writer);
        }
        return buffer.WrittenSpan.ToArray();
    }
}
