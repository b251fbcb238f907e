using System.Buffers;
using System.Text.Json;
using KubeSharp.Api;
using KubeSharp.Api.Serialization;
using KubeSharp.Api.Validation;
using KubeSharp.ApiServer.Defaulting;
using KubeSharp.ApiServer.Validation;

namespace KubeSharp.ApiServer.Registry;

/// <summary>
/// The strategy every resource starts from: status is owned by the /status subresource where there is one,
/// generation follows upstream's per-kind rules (<see cref="GenerationRules"/>), names are validated as upstream's
/// ObjectMeta rules.
/// Defaults and validation are upstream's per kind (<see cref="ObjectDefaulter"/>, <see cref="ObjectValidator"/>).
/// </summary>
public class GenericStrategy : IResourceStrategy
{
    /// <summary>The shared instance.</summary>
    public static GenericStrategy Instance { get; } = new();

    public virtual bool AllowCreateOnUpdate => false;

    public virtual void PrepareForCreate(ResourceDefinition resource, IKubeMetaObject obj)
    {
        if (resource.HasStatusSubresource && obj is IHasStatus status)
        {
            status.ClearStatus();
        }
        GenerationRules.OnCreate(resource, obj);
        if (obj is KubeSharp.Api.Batch.V1.Job job)
        {
            JobSelector.Generate(job);
        }
    }

    public virtual void PrepareForUpdate(ResourceDefinition resource, IKubeMetaObject obj, IKubeMetaObject old)
    {
        if (resource.HasStatusSubresource && obj is IHasStatus status && old is IHasStatus oldStatus)
        {
            status.CopyStatusFrom(oldStatus);
        }
        GenerationRules.OnUpdate(resource, obj, old);
    }

    public virtual void Default(IKubeMetaObject obj) => ObjectDefaulter.Apply(obj);

    public virtual FieldErrorList ValidateCreate(ResourceDefinition resource, IKubeMetaObject obj)
    {
        var errors = ObjectValidator.ValidateCreate(obj, ValidationOptions.Default);
        // Kinds without their own rules still get the resource's name rule (DNS subdomain for most).
        return errors.Count > 0 ? errors : ObjectMetaRules.ValidateName(resource, obj.Metadata.Name);
    }

    public virtual FieldErrorList ValidateUpdate(ResourceDefinition resource, IKubeMetaObject obj, IKubeMetaObject old)
        => ObjectValidator.ValidateUpdate(obj, old, ValidationOptions.Default);

    public virtual FieldErrorList ValidateStatusUpdate(ResourceDefinition resource, IKubeMetaObject obj, IKubeMetaObject old)
        => ObjectValidator.ValidateStatusUpdate(obj, old, ValidationOptions.Default);

    /// <summary>Upstream's per-kind selectable fields (each group's field label conversion functions) for the kinds
    /// without a strategy of their own.</summary>
    public virtual void AddSelectableFields(IKubeMetaObject obj, Dictionary<string, string> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        switch (obj)
        {
            case KubeSharp.Api.Core.V1.Secret secret:
                fields["type"] = secret.Type;
                break;
            case KubeSharp.Api.Core.V1.Namespace ns:
                fields["status.phase"] = ns.Status.Phase;
                break;
            case KubeSharp.Api.Core.V1.Node node:
                fields["spec.unschedulable"] = node.Spec.Unschedulable == true ? "true" : "false";
                break;
            case KubeSharp.Api.Core.V1.ReplicationController rc:
                fields["status.replicas"] = rc.Status.Replicas.ToString(System.Globalization.CultureInfo.InvariantCulture);
                break;
            case KubeSharp.Api.Apps.V1.ReplicaSet rs:
                fields["status.replicas"] = rs.Status.Replicas.ToString(System.Globalization.CultureInfo.InvariantCulture);
                break;
            case KubeSharp.Api.Batch.V1.Job job:
                fields["status.successful"] = job.Status.Succeeded.ToString(System.Globalization.CultureInfo.InvariantCulture);
                break;
            case KubeSharp.Api.Certificates.V1.CertificateSigningRequest csr:
                fields["spec.signerName"] = csr.Spec.SignerName;
                break;
        }
    }

    /// <summary>Whether two values encode to the same JSON.</summary>
    protected internal static bool SameJson(IJsonWritable? a, IJsonWritable? b)
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
