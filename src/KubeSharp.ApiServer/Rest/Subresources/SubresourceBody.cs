using KubeSharp.Api;
using KubeSharp.Api.Protobuf;
using KubeSharp.ApiServer.Errors;
using Microsoft.AspNetCore.Http;

namespace KubeSharp.ApiServer.Rest.Subresources;

/// <summary>Decodes the body of a subresource write (Scale, Binding, Eviction): a kind other than the parent's,
/// in JSON, YAML or protobuf, accepted in any of the group versions upstream accepts for it.</summary>
public static class SubresourceBody
{
    public static T Decode<T>(HttpContext context, ReadOnlyMemory<byte> body, ApiTypeInfo expected, IReadOnlyCollection<string> acceptedApiVersions, string fieldValidation)
        where T : class, IKubeObject
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(acceptedApiVersions);
        var mediaType = RequestBody.MediaType(context);
        object decoded;
        if (mediaType == KubeProtobuf.ContentType)
        {
            try
            {
                var envelope = KubeProtobuf.ReadEnvelope(body.Span);
                CheckTypeMeta(expected, acceptedApiVersions, envelope.ApiVersion, envelope.Kind);
                var reader = new ProtoReader(envelope.Raw);
                decoded = expected.ReadProto!(ref reader);
            }
            catch (ProtoDecodeException e)
            {
                throw ApiErrors.BadRequest($"{expected.Kind} in version \"{expected.Version}\" cannot be handled as a {expected.Kind}: {e.Message}");
            }
        }
        else if (mediaType is "application/json" or "application/yaml" or "application/x-yaml" or "text/yaml" or "*/*")
        {
            if (body.Length == 0)
            {
                throw ApiErrors.BadRequest($"{expected.Kind} in version \"{expected.Version}\" cannot be handled as a {expected.Kind}: unexpected end of JSON input");
            }
            decoded = RequestBody.DecodeJson(context, expected, RequestBody.ToJson(mediaType, body), fieldValidation);
        }
        else
        {
            throw ApiErrors.UnsupportedMediaType(mediaType);
        }
        if (decoded is not T obj)
        {
            throw ApiErrors.BadRequest($"the body does not hold a {expected.Kind}");
        }
        CheckTypeMeta(expected, acceptedApiVersions, obj.ApiVersion, obj.Kind);
        obj.ApiVersion = expected.ApiVersion;
        obj.Kind = expected.Kind;
        return obj;
    }

    private static void CheckTypeMeta(ApiTypeInfo expected, IReadOnlyCollection<string> acceptedApiVersions, string apiVersion, string kind)
    {
        if ((apiVersion.Length > 0 && !acceptedApiVersions.Contains(apiVersion)) || (kind.Length > 0 && kind != expected.Kind))
        {
            throw ApiErrors.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version ({expected.ApiVersion})"
                + (kind.Length > 0 && kind != expected.Kind ? $", or the kind ({kind}) does not match the expected kind ({expected.Kind})" : ""));
        }
    }
}
