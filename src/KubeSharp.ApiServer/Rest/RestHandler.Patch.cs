using System.Text.Json.Nodes;
using KubeSharp.Api;
using KubeSharp.Api.Schema;
using KubeSharp.ApiServer.Errors;
using KubeSharp.ApiServer.Patching;
using KubeSharp.ApiServer.Registry;
using Microsoft.AspNetCore.Http;

namespace KubeSharp.ApiServer.Rest;

/// <summary>PATCH: JSON patch, merge patch, strategic merge patch and server-side apply are applied to the current
/// object's JSON; the result goes through the update path (or creates the object, for apply).</summary>
public sealed partial class RestHandler
{
    private async Task PatchAsync(HttpContext context, RequestInfo info, ResourceStore rs, bool statusOnly, CancellationToken cancellationToken)
    {
        if (!PatchContentTypes.TryParse(context.Request.ContentType, out var patchType))
        {
            throw ApiErrors.UnsupportedMediaType(context.Request.ContentType ?? "");
        }
        var patch = await RequestBody.ReadAsync(context, options.MaxRequestBodyBytes, cancellationToken);
        var dryRun = CheckPatchOptions(context, patchType);
        var fieldValidation = FieldValidation(context);
        var resource = rs.Resource;
        ApiSchema.Default.TryGetByKind(resource.Resource.Group, resource.Resource.Version, resource.Type.Kind, out var kindSchema);
        CachedObject? current = null;
        try
        {
            current = await rs.GetAsync(info.Namespace, info.Name, cancellationToken);
        }
        catch (ApiStatusException e) when (e.Status.Code == 404 && patchType == PatchType.ApplyYaml && !statusOnly)
        {
            // Server-side apply creates what does not exist.
        }
        if (current is null && patchType != PatchType.ApplyYaml)
        {
            throw ApiErrors.NotFound(resource.GroupResource, info.Name);
        }
        byte[] Patched(byte[]? currentJson)
        {
            var document = currentJson is null ? null : JsonNode.Parse(currentJson)!.AsObject();
            var result = patchType switch
            {
                PatchType.JsonPatch => JsonPatch.Apply(document!, patch),
                PatchType.MergePatch => JsonMergePatch.Apply(document, patch),
                PatchType.StrategicMergePatch => StrategicMergePatch.Apply(document!, patch, kindSchema),
                _ => ServerSideApply.Apply(document, patch, new ManagedFieldsContext(Query(context, "fieldManager"), resource.Type.ApiVersion, time.GetUtcNow())
                {
                    Force = Force(context),
                    Subresource = statusOnly ? "status" : "",
                }, kindSchema!),
            };
            if (!result.Succeeded)
            {
                throw ToApiError(resource, info.Name, result.Error!);
            }
            return System.Text.Encoding.UTF8.GetBytes(result.Document!.ToJsonString());
        }
        var json = Patched(current?.JsonFor(resource));
        var decoded = (IKubeMetaObject)RequestBody.DecodeJson(context, resource.Type, json, fieldValidation);
        // The version the patch was applied to. Upstream applies the patch inside GuaranteedUpdate, again on each
        // attempt: when the object changed after the read above (a concurrent write), the patch is applied again to
        // the object this attempt updates, so a concurrent change (another label, another manager's fields) is kept,
        // not overwritten with what the patch saw.
        var patchedVersion = current?.Object.Metadata.ResourceVersion ?? "";
        var key = resource.Key(info.Namespace, info.Name);
        await ReplaceAsync(context, info, rs, statusOnly, dryRun, (live, entry) =>
        {
            var liveVersion = live?.Metadata.ResourceVersion ?? "";
            if (liveVersion != patchedVersion)
            {
                if (live is null && patchType != PatchType.ApplyYaml)
                {
                    throw ApiErrors.NotFound(resource.GroupResource, info.Name);
                }
                // The watch cache's entry has the JSON already (the object may be the cache's own: only read it);
                // an object read from the store is this attempt's own and is encoded here.
                json = Patched(live is null ? null : entry is not null && ReferenceEquals(entry.Object, live) ? entry.JsonFor(resource)
                    : new CachedObject(resource.Storage, key, live, 0).JsonFor(resource));
                decoded = (IKubeMetaObject)RequestBody.DecodeJson(context, resource.Type, json, "Ignore");
                patchedVersion = liveVersion;
            }
            var obj = (IKubeMetaObject)RequestBody.DecodeJson(context, resource.Type, json, "Ignore");
            // A patch that does not name a resourceVersion applies to whatever is current.
            if (decoded.Metadata.ResourceVersion == patchedVersion)
            {
                obj.Metadata.ResourceVersion = "";
            }
            return obj;
        }, cancellationToken, allowCreate: patchType == PatchType.ApplyYaml,
            // Server-side apply tracked its fields already; the other patch types are updates by their manager.
            fields: patchType == PatchType.ApplyYaml ? null : (FieldManager(context), time.GetUtcNow()));
    }

    private static ApiStatusException ToApiError(ResourceDefinition resource, string name, PatchError error)
    {
        var status = error.Code switch
        {
            409 => ApiErrors.Conflict(resource.GroupResource, name, error.Message).Status,
            _ => ApiErrors.BadRequest(error.Message).Status,
        };
        status.Code = error.Code;
        status.Reason = error.Reason;
        status.Message = error.Code == 409 ? error.Message : status.Message;
        if (error.Code == 422 && error.Message == PatchError.GenericUnprocessableMessage)
        {
            // NewGenericServerResponse always sets details, empty here: "details":{}.
            status.Details = new Api.Meta.V1.StatusDetails();
        }
        if (error.Causes.Count > 0)
        {
            status.Details ??= new Api.Meta.V1.StatusDetails { Name = name, Group = resource.Resource.Group, Kind = resource.Resource.Resource };
            status.Details.Causes = error.Causes.Select(c => new Api.Meta.V1.StatusCause { Reason = c.Type, Message = c.Message, Field = c.Field }).ToList();
        }
        return new ApiStatusException(status);
    }
}
