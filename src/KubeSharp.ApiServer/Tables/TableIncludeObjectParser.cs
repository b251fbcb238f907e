namespace KubeSharp.ApiServer.Tables;

/// <summary>Parses the <c>includeObject</c> query parameter as upstream does (case-sensitive).</summary>
public static class TableIncludeObjectParser
{
    /// <summary>
    /// <c>""</c> or null and <c>Metadata</c> give <see cref="TableIncludeObject.Metadata"/>, <c>None</c> and
    /// <c>Object</c> their values; anything else fails, and upstream answers 400 with
    /// <see cref="UnrecognizedMessage"/>.
    /// </summary>
    public static bool TryParse(string? value, out TableIncludeObject result)
    {
        switch (value)
        {
            case null or "" or "Metadata":
                result = TableIncludeObject.Metadata;
                return true;
            case "None":
                result = TableIncludeObject.None;
                return true;
            case "Object":
                result = TableIncludeObject.Object;
                return true;
            default:
                result = TableIncludeObject.Metadata;
                return false;
        }
    }

    /// <summary>Upstream's BadRequest message for an unknown value: <c>unrecognized includeObject value: "x"</c>.</summary>
    public static string UnrecognizedMessage(string value) => $"unrecognized includeObject value: \"{value}\"";
}
