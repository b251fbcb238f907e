namespace KubeSharp.ApiServer.OpenApi;

/// <summary>One operation or path parameter: <c>{"in":..,"name":..,"required":..,"schema":{"type":..,"uniqueItems":true}}</c>.</summary>
/// <param name="Name">The parameter name.</param>
/// <param name="In"><c>query</c> or <c>path</c>.</param>
/// <param name="Type">The schema type: <c>string</c>, <c>boolean</c> or <c>integer</c>.</param>
/// <param name="Required">True for path parameters.</param>
public sealed record OpenApiParameter(string Name, string In, string Type, bool Required)
{
    /// <summary>A query parameter.</summary>
    public static OpenApiParameter Query(string name, string type) => new(name, "query", type, false);

    /// <summary>A required path parameter of type string.</summary>
    public static OpenApiParameter Path(string name) => new(name, "path", "string", true);
}
