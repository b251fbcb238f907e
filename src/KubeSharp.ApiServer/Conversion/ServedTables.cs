using KubeSharp.Api;
using KubeSharp.Api.Meta.V1;
using KubeSharp.ApiServer.Registry;
using KubeSharp.ApiServer.Tables;

namespace KubeSharp.ApiServer.Conversion;

/// <summary>Tables of a served version: rows are printed from the storage objects (upstream prints its internal
/// objects, so columns are the same in every version); objects included in rows are in the request's version.</summary>
public static class ServedTables
{
    public static Table Convert(ResourceDefinition served, IReadOnlyList<object> storageObjects, TableConvertOptions options, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(served);
        return TableConvertor.Convert(served.Storage.Resource.GroupResource, storageObjects, ForVersion(served, options), clock);
    }

    public static Table Convert(ResourceDefinition served, object storageObject, TableConvertOptions options, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(served);
        return TableConvertor.Convert(served.Storage.Resource.GroupResource, storageObject, ForVersion(served, options), clock);
    }

    private static TableConvertOptions ForVersion(ResourceDefinition served, TableConvertOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return served.IsStorageVersion || options.IncludeObject != TableIncludeObject.Object
            ? options
            : options with { RowObject = obj => served.FromStorage((IKubeMetaObject)obj) };
    }
}
