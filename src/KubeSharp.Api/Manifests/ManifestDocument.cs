using System.Text;
using KubeSharp.Api.Registry;

namespace KubeSharp.Api.Manifests;

/// <summary>One object read from a manifest stream, as JSON, with the fields needed to route it.</summary>
/// <param name="Index">0-based index of the document among the stream's non-empty documents (items of a list
/// share the list's index).</param>
/// <param name="ItemIndex">0-based position in the list the object was expanded from, or null.</param>
/// <param name="Json">The object as UTF-8 JSON. YAML is converted as upstream converts it (keys sorted); JSON input
/// is kept byte for byte, so duplicate fields remain visible to strict decoding.</param>
/// <param name="ApiVersion">The <c>apiVersion</c> field, for example <c>apps/v1</c>.</param>
/// <param name="Kind">The <c>kind</c> field, for example <c>Deployment</c>.</param>
/// <param name="Name"><c>metadata.name</c>, or null when absent.</param>
/// <param name="Namespace"><c>metadata.namespace</c>, or null when absent.</param>
/// <param name="Line">1-based line of the document's first node in the stream (for list items, the list's).</param>
/// <param name="SourceName">The reader's source name, or null.</param>
public sealed record ManifestDocument(
    int Index,
    int? ItemIndex,
    ReadOnlyMemory<byte> Json,
    string ApiVersion,
    string Kind,
    string? Name,
    string? Namespace,
    int Line,
    string? SourceName)
{
    /// <summary>The group, version and kind.</summary>
    public GroupVersionKind GroupVersionKind => GroupVersionKind.FromApiVersion(ApiVersion, Kind);

    /// <summary>Where the object is: <c>document 2, line 14</c> or <c>document 0, item 3, line 1</c>.</summary>
    public string Location => ManifestReader.DescribeLocation(Index, ItemIndex, Line);

    /// <summary>The JSON as text.</summary>
    public string JsonText => Encoding.UTF8.GetString(Json.Span);

    /// <summary>For example <c>apps/v1, Kind=Deployment default/web (document 2, line 14)</c>.</summary>
    public override string ToString()
    {
        var name = Name is null ? "" : " " + (Namespace is null ? Name : Namespace + "/" + Name);
        return $"{ApiVersion}, Kind={Kind}{name} ({Location})";
    }
}
