using System.Buffers;
using System.Text.Json;
using KubeSharp.Api.Registry;
using KubeSharp.Api.Schema;
using KubeSharp.Api.Serialization;

namespace KubeSharp.ApiServer.OpenApi;

/// <summary>Writes one OpenAPI 3.0 document (<c>openapi</c>, <c>info</c>, <c>paths</c>, <c>components</c>) as compact JSON
/// with keys in sorted order, like the documents upstream publishes.</summary>
internal static class OpenApiDocumentWriter
{
    private static readonly string[] MethodOrder = ["delete", "get", "head", "options", "patch", "post", "put"];

    /// <summary>Encodes a document.</summary>
    /// <param name="paths">The paths (written sorted by path).</param>
    /// <param name="definitions">Definition names to write under <c>components.schemas</c>.</param>
    /// <param name="schema">Where built-in definitions come from.</param>
    /// <param name="extensions">OpenAPI v3 schemas of extension definitions (written as given).</param>
    /// <param name="fallbackKinds">Kinds of definitions found nowhere: written as objects that keep unknown fields.</param>
    public static byte[] Write(
        IEnumerable<OpenApiPathItem> paths,
        IEnumerable<string> definitions,
        ApiSchema schema,
        IReadOnlyDictionary<string, JsonElement> extensions,
        IReadOnlyDictionary<string, List<GroupVersionKind>> fallbackKinds)
    {
        var buffer = new ArrayBufferWriter<byte>(256 * 1024);
        using (var writer = new Utf8JsonWriter(buffer, KubeJson.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("components");
            writer.WriteStartObject("schemas");
            foreach (var name in definitions.Order(StringComparer.Ordinal))
            {
                if (extensions.TryGetValue(name, out var extension))
                {
                    writer.WritePropertyName(name);
                    extension.WriteTo(writer);
                }
                else if (schema.TryGetDefinition(name, out var definition))
                {
                    writer.WritePropertyName(name);
                    OpenApiSchemaWriter.WriteDefinition(writer, definition, schema);
                }
                else if (fallbackKinds.TryGetValue(name, out var kinds))
                {
                    writer.WritePropertyName(name);
                    WriteOpenObject(writer, kinds);
                }
            }
            writer.WriteEndObject();
            writer.WriteStartObject("securitySchemes");
            writer.WriteStartObject("BearerToken");
            writer.WriteString("in", "header");
            writer.WriteString("name", "authorization");
            writer.WriteString("type", "apiKey");
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteStartObject("info");
            writer.WriteString("title", "Kubernetes");
            writer.WriteString("version", "unversioned");
            writer.WriteEndObject();
            writer.WriteString("openapi", "3.0.0");
            writer.WriteStartObject("paths");
            foreach (var path in paths.OrderBy(p => p.Path, StringComparer.Ordinal))
            {
                writer.WritePropertyName(path.Path);
                WritePathItem(writer, path);
            }
            writer.WriteEndObject();
            writer.WriteStartArray("security");
            writer.WriteStartObject();
            writer.WriteStartArray("BearerToken");
            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteOpenObject(Utf8JsonWriter writer, List<GroupVersionKind> kinds)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "object");
        writer.WriteStartArray("x-kubernetes-group-version-kind");
        foreach (var kind in kinds)
        {
            OpenApiSchemaWriter.WriteGroupVersionKind(writer, kind.Group, kind.Version, kind.Kind);
        }
        writer.WriteEndArray();
        writer.WriteBoolean("x-kubernetes-preserve-unknown-fields", true);
        writer.WriteEndObject();
    }

    private static void WritePathItem(Utf8JsonWriter writer, OpenApiPathItem item)
    {
        writer.WriteStartObject();
        var parametersWritten = false;
        foreach (var method in MethodOrder)
        {
            if (!parametersWritten && string.CompareOrdinal(method, "parameters") > 0)
            {
                WriteParameters(writer, item.Parameters);
                parametersWritten = true;
            }
            foreach (var op in item.Operations)
            {
                if (op.Method == method)
                {
                    writer.WritePropertyName(method);
                    WriteOperation(writer, op);
                }
            }
        }
        if (!parametersWritten)
        {
            WriteParameters(writer, item.Parameters);
        }
        writer.WriteEndObject();
    }

    private static void WriteOperation(Utf8JsonWriter writer, OpenApiOperation op)
    {
        writer.WriteStartObject();
        writer.WriteString("operationId", op.OperationId);
        WriteParameters(writer, op.Parameters);
        if (op.RequestBody is { } request)
        {
            writer.WriteStartObject("requestBody");
            WriteContent(writer, request);
            if (request.Required)
            {
                writer.WriteBoolean("required", true);
            }
            writer.WriteEndObject();
        }
        writer.WriteStartObject("responses");
        foreach (var response in op.Responses)
        {
            writer.WriteStartObject(response.Code);
            if (response.Body is { } body)
            {
                WriteContent(writer, body);
            }
            writer.WriteString("description", response.Description);
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
        writer.WriteStartArray("tags");
        writer.WriteStringValue(op.Tag);
        writer.WriteEndArray();
        if (op.Action is { } action)
        {
            writer.WriteString("x-kubernetes-action", action);
        }
        if (op.Kind is { } kind)
        {
            writer.WritePropertyName("x-kubernetes-group-version-kind");
            OpenApiSchemaWriter.WriteGroupVersionKind(writer, kind.Group, kind.Version, kind.Kind);
        }
        writer.WriteEndObject();
    }

    private static void WriteContent(Utf8JsonWriter writer, OpenApiBody body)
    {
        writer.WriteStartObject("content");
        foreach (var contentType in body.ContentTypes)
        {
            writer.WriteStartObject(contentType);
            writer.WriteStartObject("schema");
            if (body.SchemaRef is { } reference)
            {
                writer.WriteString("$ref", OpenApiSchemaWriter.RefPrefix + reference);
            }
            else
            {
                writer.WriteString("type", "string");
            }
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
    }

    private static void WriteParameters(Utf8JsonWriter writer, IReadOnlyList<OpenApiParameter> parameters)
    {
        if (parameters.Count == 0)
        {
            return;
        }
        writer.WriteStartArray("parameters");
        foreach (var parameter in parameters)
        {
            writer.WriteStartObject();
            writer.WriteString("in", parameter.In);
            writer.WriteString("name", parameter.Name);
            if (parameter.Required)
            {
                writer.WriteBoolean("required", true);
            }
            writer.WriteStartObject("schema");
            writer.WriteString("type", parameter.Type);
            writer.WriteBoolean("uniqueItems", true);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }
}
