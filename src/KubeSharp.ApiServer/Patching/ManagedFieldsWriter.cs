using System.Text.Json.Nodes;
using KubeSharp.Api;
using KubeSharp.Api.Meta.V1;
using KubeSharp.Api.Schema;
using KubeSharp.Api.Serialization;
using KubeSharp.ApiServer.Registry;

namespace KubeSharp.ApiServer.Patching;

/// <summary>
/// Managed fields for the typed write paths (create, update, and JSON/merge/strategic patches): upstream's
/// <c>FieldManager.UpdateNoErrors</c> applied to the object about to be stored, with the manager named by the
/// <c>fieldManager</c> query parameter or, without one, the user agent's prefix.
/// </summary>
public static class ManagedFieldsWriter
{
    /// <summary>Sets <paramref name="obj"/>'s <c>metadata.managedFields</c> for an Update by <paramref name="manager"/>;
    /// <paramref name="live"/> is null on create.</summary>
    public static void Track(ResourceDefinition resource, IKubeMetaObject? live, IKubeMetaObject obj, string manager, string subresource, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(obj);
        if (!ApiSchema.Default.TryGetByKind(resource.Resource.Group, resource.Resource.Version, resource.Type.Kind, out var kind))
        {
            return;
        }
        var liveJson = live is null ? null : JsonNode.Parse(CachedObject.Encode(resource, live))!.AsObject();
        var newJson = JsonNode.Parse(CachedObject.Encode(resource, obj))!.AsObject();
        var context = new ManagedFieldsContext(manager, resource.Type.ApiVersion, now) { Subresource = subresource };
        var result = ManagedFields.UpdateForUpdate(liveJson, newJson, context, kind);
        var managed = result["metadata"]?["managedFields"];
        obj.Metadata.ManagedFields = managed is null
            ? null
            : KubeJson.Deserialize<ObjectMeta>(new JsonObject { ["managedFields"] = managed.DeepClone() }.ToJsonString()).ManagedFields;
    }

    /// <summary>upstream <c>managerOrUserAgent</c>: the fieldManager parameter, else the user agent up to its first '/'
    /// (at most 128 characters).</summary>
    public static string ManagerOrUserAgent(string? fieldManager, string? userAgent)
    {
        if (!string.IsNullOrEmpty(fieldManager))
        {
            return fieldManager;
        }
        var agent = userAgent ?? "";
        var slash = agent.IndexOf('/', StringComparison.Ordinal);
        var prefix = slash < 0 ? agent : agent[..slash];
        return prefix.Length > 128 ? prefix[..128] : prefix;
    }
}
