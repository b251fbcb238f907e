namespace KubeSharp.Api.Manifests;

/// <summary>The YAML 1.1 core tags goyaml v2 knows, in their long form.</summary>
internal static class YamlTags
{
    public const string Prefix = "tag:yaml.org,2002:";
    public const string Null = Prefix + "null";
    public const string Bool = Prefix + "bool";
    public const string Str = Prefix + "str";
    public const string Int = Prefix + "int";
    public const string Float = Prefix + "float";
    public const string Timestamp = Prefix + "timestamp";
    public const string Binary = Prefix + "binary";
    public const string Merge = Prefix + "merge";
}
