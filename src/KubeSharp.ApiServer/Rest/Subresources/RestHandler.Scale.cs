using System.Text.Json.Nodes;
using KubeSharp.Api;
using KubeSharp.Api.Autoscaling.V1;
using GroupResource = KubeSharp.Api.Registry.GroupResource;
using KubeSharp.Api.Schema;
using KubeSharp.Api.Validation;
using FieldPath = KubeSharp.Api.Validation.FieldPath;
using KubeSharp.ApiServer.Errors;
using KubeSharp.ApiServer.Patching;
using KubeSharp.ApiServer.Registry;
using KubeSharp.ApiServer.Rest.Subresources;
using KubeSharp.ApiServer.Validation;
using Microsoft.AspNetCore.Http;

namespace KubeSharp.ApiServer.Rest;

/// <summary>The <c>/scale</c> subresource (upstream's ScaleREST): get, update and patch an autoscaling/v1 Scale
/// whose spec.replicas is the parent's. A write turns the current parent into its Scale, applies the request to
/// that, validates it, moves replicas (and the requested resourceVersion) back into the parent and updates the
/// parent through its own strategy: a stale resourceVersion is a 409 on the parent.</summary>
public sealed partial class RestHandler
{
    private static readonly string[] ScaleApiVersions = [Scale.KubeApiVersion];

    private async Task HandleScaleAsync(HttpContext context, RequestInfo info, ResourceStore rs, CancellationToken cancellationToken)
    {
        switch (info.Verb)
        {
            case "get":
                var parent = await rs.GetAsync(info.Namespace, info.Name, cancellationToken);
                var scale = ScaleConversion.ToScale(parent.Object);
                if (TableNegotiation.Negotiate(context) is { } tableOptions)
                {
                    await Responses.WriteAsync(context, 200, Tables.TableConvertor.Convert(ScaleResource(rs), scale, tableOptions, time), cancellationToken);
                    return;
                }
                await Responses.WriteAsync(context, 200, scale, cancellationToken);
                return;
            case "update":
                {
                    var dryRun = CheckWriteOptions(context, "UpdateOptions");
                    var body = await RequestBody.ReadAsync(context, options.MaxRequestBodyBytes, cancellationToken);
                    var fieldValidation = FieldValidation(context);
                    var scaleType = ScaleTypeInfo();
                    SubresourceBody.Decode<Scale>(context, body, scaleType, ScaleApiVersions, fieldValidation);
                    await UpdateScaleAsync(context, info, rs, dryRun,
                        _ => SubresourceBody.Decode<Scale>(context, body, scaleType, ScaleApiVersions, "Ignore"), cancellationToken);
                    return;
                }
            case "patch":
                await PatchScaleAsync(context, info, rs, cancellationToken);
                return;
            default:
                throw ApiErrors.MethodNotSupported(ScaleResource(rs), info.Verb);
        }
    }

    private async Task PatchScaleAsync(HttpContext context, RequestInfo info, ResourceStore rs, CancellationToken cancellationToken)
    {
        if (!PatchContentTypes.TryParse(context.Request.ContentType, out var patchType))
        {
            throw ApiErrors.UnsupportedMediaType(context.Request.ContentType ?? "");
        }
        var patch = await RequestBody.ReadAsync(context, options.MaxRequestBodyBytes, cancellationToken);
        var dryRun = CheckPatchOptions(context, patchType);
        var fieldValidation = FieldValidation(context);
        var scaleType = ScaleTypeInfo();
        ApiSchema.Default.TryGetByKind(Scale.KubeGroup, Scale.KubeVersion, Scale.KubeKind, out var scaleSchema);
        var managedFields = new ManagedFieldsContext(Query(context, "fieldManager"), Scale.KubeApiVersion, time.GetUtcNow())
        {
            Force = Force(context),
            Subresource = "scale",
        };
        var first = true;
        await UpdateScaleAsync(context, info, rs, dryRun, oldScale =>
        {
            var document = JsonNode.Parse(Responses.Encode(oldScale))!.AsObject();
            var result = patchType switch
            {
                PatchType.JsonPatch => JsonPatch.Apply(document, patch),
                PatchType.MergePatch => JsonMergePatch.Apply(document, patch),
                PatchType.StrategicMergePatch => StrategicMergePatch.Apply(document, patch, scaleSchema),
                _ => ServerSideApply.Apply(document, patch, managedFields, scaleSchema!),
            };
            if (!result.Succeeded)
            {
                throw ToApiError(rs.Resource, info.Name, result.Error!);
            }
            var json = System.Text.Encoding.UTF8.GetBytes(result.Document!.ToJsonString());
            // Unknown fields are reported once, not on every retry.
            var scale = (Scale)RequestBody.DecodeJson(context, scaleType, json, first ? fieldValidation : "Ignore");
            first = false;
            return scale;
        }, cancellationToken);
    }

    /// <summary>upstream's scaleUpdatedObjectInfo: current parent -> its Scale -> the requested Scale -> new parent.</summary>
    private async Task UpdateScaleAsync(HttpContext context, RequestInfo info, ResourceStore rs, bool dryRun, Func<Scale, Scale> produce,
        CancellationToken cancellationToken)
    {
        var resource = rs.Resource;
        var (result, _) = await rs.GuaranteedUpdateAsync(info.Namespace, info.Name, async current =>
        {
            if (current is null)
            {
                throw ApiErrors.NotFound(resource.GroupResource, info.Name);
            }
            // The store compares the returned object's resourceVersion with the current one: change a copy.
            var old = current;
            var updated = (IKubeMetaObject)RequestBody.Reencode(resource, current);
            var oldScale = ScaleConversion.ToScale(current);
            var scale = produce(ScaleConversion.ToScale(current));
            var meta = scale.Metadata;
            if (meta.Name.Length > 0 && meta.Name != info.Name)
            {
                throw ApiErrors.BadRequest($"the name of the object ({meta.Name}) does not match the name on the URL ({info.Name})");
            }
            if (meta.Namespace.Length > 0 && meta.Namespace != info.Namespace)
            {
                throw ApiErrors.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
            }
            meta.Name = info.Name;
            meta.Namespace = info.Namespace;
            // Upstream admits the write as an update of RESOURCE/scale with the Scale objects (ResourceQuota and
            // LimitRanger ignore subresources; a webhook would see the Scale).
            var admission = new Admission.AdmissionAttributes
            {
                Operation = Admission.AdmissionOperation.Update,
                Resource = resource,
                Subresource = "scale",
                SubresourceKind = Scale.KubeKind,
                Namespace = info.Namespace,
                Name = info.Name,
                Object = scale,
                OldObject = oldScale,
                DryRun = dryRun,
            };
            await _admission.AdmitAsync(admission, cancellationToken);
            var errors = ObjectMetaValidation.Validate(meta, requiresNamespace: true, ObjectMetaValidation.DnsSubdomain, FieldPath.Root("metadata"));
            if (scale.Spec.Replicas < 0)
            {
                errors.Add(FieldError.Invalid(FieldPath.Root("spec").Child("replicas"), scale.Spec.Replicas, "must be greater than or equal to 0"));
            }
            if (errors.Count > 0)
            {
                throw ApiErrors.Invalid(new GroupKindName(Scale.KubeGroup, Scale.KubeKind, current.Metadata.Name), errors);
            }
            if (meta.Uid.Length > 0 && meta.Uid != current.Metadata.Uid)
            {
                throw ApiErrors.Conflict(ScaleResource(rs), current.Metadata.Name,
                    $"Precondition failed: UID in precondition: {meta.Uid}, UID in object meta: {current.Metadata.Uid}");
            }
            ScaleConversion.SetReplicas(updated, scale.Spec.Replicas);
            // An empty resourceVersion is an unconditional update of whatever is current.
            updated.Metadata.ResourceVersion = meta.ResourceVersion.Length > 0 ? meta.ResourceVersion : old.Metadata.ResourceVersion;
            resource.Strategy.PrepareForUpdate(resource, updated, old);
            resource.Strategy.Default(updated);
            ThrowIfInvalid(resource, updated, resource.Strategy.ValidateUpdate(resource, updated, old));
            await _admission.ValidateAsync(admission, cancellationToken);
            return updated;
        }, dryRun, null, cancellationToken);
        await Responses.WriteAsync(context, 200, ScaleConversion.ToScale(result.Object), cancellationToken);
    }

    private static GroupResource ScaleResource(ResourceStore rs) => new(rs.Resource.Resource.Group, rs.Resource.Resource.Resource + "/scale");

    private static ApiTypeInfo ScaleTypeInfo()
        => ApiTypes.TryGet(Scale.KubeApiVersion, Scale.KubeKind, out var type) ? type : throw new InvalidOperationException("autoscaling/v1 Scale is not registered");
}
