using System.Text.Json.Nodes;
using KubeSharp.Api;
using KubeSharp.ApiServer.Errors;
using KubeSharp.ApiServer.Registry;
using Microsoft.AspNetCore.Http;

namespace KubeSharp.ApiServer.Rest;

/// <summary>PATCH: the patch is applied to the current object's JSON, and the result goes through the update path.</summary>
public sealed partial class RestHandler
{
    /// <summary>Applies a patch of <paramref name="mediaType"/> to a JSON document; null when this media type is
    /// not supported. Set by the patch engines.</summary>
    public static Func<string, JsonObject, byte[], ResourceDefinition, JsonNode?>? PatchEngine { get; set; }

    private async Task PatchAsync(HttpContext context, RequestInfo info, ResourceStore rs, bool statusOnly, CancellationToken cancellationToken)
    {
        var dryRun = IsDryRun(context);
        var mediaType = RequestBody.MediaType(context);
        var patch = await RequestBody.ReadAsync(context, options.MaxRequestBodyBytes, cancellationToken);
        var fieldValidation = FieldValidation(context);
        var current = await rs.GetAsync(info.Namespace, info.Name, cancellationToken);
        var document = JsonNode.Parse(current.Json)!.AsObject();
        var patched = mediaType switch
        {
            "application/merge-patch+json" => MergePatch(document, JsonNode.Parse(patch)),
            _ => PatchEngine?.Invoke(mediaType, document, patch, rs.Resource)
                ?? throw ApiErrors.UnsupportedMediaType(mediaType),
        };
        var json = System.Text.Encoding.UTF8.GetBytes(patched!.ToJsonString());
        var decoded = (IKubeMetaObject)RequestBody.DecodeJson(context, rs.Resource.Type, json, fieldValidation);
        await ReplaceAsync(context, info, rs, statusOnly, dryRun, () =>
        {
            var obj = (IKubeMetaObject)RequestBody.DecodeJson(context, rs.Resource.Type, json, "Ignore");
            // A patch that does not name a resourceVersion applies to whatever is current (retried on conflict).
            if (decoded.Metadata.ResourceVersion == current.Object.Metadata.ResourceVersion)
            {
                obj.Metadata.ResourceVersion = "";
            }
            return obj;
        }, cancellationToken);
    }

    /// <summary>RFC 7386 JSON merge patch: objects merge recursively, null deletes, anything else replaces.</summary>
    public static JsonNode? MergePatch(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }
        var result = target is JsonObject targetObject ? targetObject : new JsonObject();
        foreach (var (key, value) in patchObject)
        {
            if (value is null)
            {
                result.Remove(key);
            }
            else
            {
                var existing = result[key];
                var merged = MergePatch(existing, value);
                if (!ReferenceEquals(merged, existing))
                {
                    result[key] = merged;
                }
            }
        }
        return result;
    }
}
