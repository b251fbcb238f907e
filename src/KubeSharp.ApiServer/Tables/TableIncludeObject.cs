namespace KubeSharp.ApiServer.Tables;

/// <summary>What each Table row carries in <c>rows[].object</c> (upstream's <c>includeObject</c> of TableOptions).</summary>
public enum TableIncludeObject
{
    /// <summary>The default (also for an empty <c>includeObject</c>): a <c>PartialObjectMetadata</c> with the full ObjectMeta.</summary>
    Metadata,

    /// <summary><c>includeObject=None</c>: <c>"object": null</c>.</summary>
    None,

    /// <summary><c>includeObject=Object</c> (kubectl <c>--sort-by</c>): the full object with its apiVersion and kind.</summary>
    Object,
}
