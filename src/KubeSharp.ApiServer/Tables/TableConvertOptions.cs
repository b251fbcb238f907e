namespace KubeSharp.ApiServer.Tables;

/// <summary>How a list (or one object) becomes a <c>meta.k8s.io</c> Table.</summary>
public sealed record TableConvertOptions
{
    /// <summary>The default: PartialObjectMetadata rows, column definitions, no list metadata.</summary>
    public static TableConvertOptions Default { get; } = new();

    /// <summary>What <c>rows[].object</c> holds.</summary>
    public TableIncludeObject IncludeObject { get; init; } = TableIncludeObject.Metadata;

    /// <summary>Upstream's (deprecated) <c>noHeaders</c>: leave <c>columnDefinitions</c> null.</summary>
    public bool NoHeaders { get; init; }

    /// <summary>
    /// The Table's and the row PartialObjectMetadata's apiVersion: <c>meta.k8s.io/v1</c>, or
    /// <c>meta.k8s.io/v1beta1</c> when the client negotiated <c>as=Table;v=v1beta1</c>.
    /// </summary>
    public string ApiVersion { get; init; } = TableConvertor.MetaV1ApiVersion;

    /// <summary>The list's resourceVersion, copied to <c>metadata.resourceVersion</c>. For a single object, null takes the object's.</summary>
    public string? ResourceVersion { get; init; }

    /// <summary>The list's continue token, copied to <c>metadata.continue</c>.</summary>
    public string? Continue { get; init; }

    /// <summary>The list's remainingItemCount, copied to <c>metadata.remainingItemCount</c>.</summary>
    public long? RemainingItemCount { get; init; }

    /// <summary>Maps a printed object to the object its row carries (for <see cref="TableIncludeObject.Object"/>):
    /// the request's version when it is not the printed (storage) version. Null: the printed object.</summary>
    public Func<object, object>? RowObject { get; init; }
}
