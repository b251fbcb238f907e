using System.Text.Json;
using KubeSharp.Api.Manifests;

namespace KubeSharp.Client;

/// <summary>
/// Parses kubeconfig YAML (the v1 Config shape: lists of named clusters, users and contexts) as clientcmd.Load does:
/// the YAML becomes JSON (sigs.k8s.io/yaml rules), unknown fields are ignored, a name given twice in one list is an
/// error, <c>*-data</c> fields are base64. Relative file paths are resolved against <c>baseDirectory</c>.
/// </summary>
public static class KubeconfigParser
{
    /// <summary>Reads and parses a kubeconfig file (relative paths resolve against its directory).</summary>
    public static Kubeconfig LoadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = Path.GetFullPath(path);
        string text;
        try
        {
            text = File.ReadAllText(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KubeconfigException($"error loading config file \"{full}\": {e.Message}", e);
        }
        return Parse(text, full, Path.GetDirectoryName(full) ?? "/");
    }

    /// <summary>Parses kubeconfig text; <paramref name="origin"/> names the source in errors.</summary>
    public static Kubeconfig Parse(string yaml, string origin, string baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(origin);
        ArgumentNullException.ThrowIfNull(baseDirectory);
        var config = new Kubeconfig();
        if (string.IsNullOrWhiteSpace(yaml))
        {
            return config;
        }
        byte[] json;
        try
        {
            json = YamlToJson.Convert(yaml, strict: false);
        }
        catch (ManifestException e)
        {
            throw new KubeconfigException($"error loading config file \"{origin}\": {e.Message}", e);
        }
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.ValueKind == JsonValueKind.Null)
        {
            return config;
        }
        var reader = new Reader(origin, baseDirectory);
        reader.ExpectObject(root, "");
        config.CurrentContext = reader.String(root, "current-context", "");
        foreach (var (name, body, path) in reader.NamedList(root, "clusters", "cluster"))
        {
            var cluster = new ClusterInfo
            {
                Server = reader.String(body, "server", path),
                TlsServerName = reader.String(body, "tls-server-name", path),
                InsecureSkipTlsVerify = reader.Bool(body, "insecure-skip-tls-verify", path),
                CertificateAuthority = reader.FilePath(body, "certificate-authority", path),
                CertificateAuthorityData = reader.Bytes(body, "certificate-authority-data", path),
                Origin = origin,
            };
            if (!config.Clusters.TryAdd(name, cluster))
            {
                throw reader.Duplicate("clusters", name);
            }
        }
        foreach (var (name, body, path) in reader.NamedList(root, "users", "user"))
        {
            var user = new AuthInfo
            {
                ClientCertificate = reader.FilePath(body, "client-certificate", path),
                ClientCertificateData = reader.Bytes(body, "client-certificate-data", path),
                ClientKey = reader.FilePath(body, "client-key", path),
                ClientKeyData = reader.Bytes(body, "client-key-data", path),
                Token = reader.String(body, "token", path),
                TokenFile = reader.FilePath(body, "tokenFile", path),
                Username = reader.String(body, "username", path),
                Password = reader.String(body, "password", path),
                Origin = origin,
            };
            if (!config.Users.TryAdd(name, user))
            {
                throw reader.Duplicate("users", name);
            }
        }
        foreach (var (name, body, path) in reader.NamedList(root, "contexts", "context"))
        {
            var context = new ContextInfo
            {
                Cluster = reader.String(body, "cluster", path),
                User = reader.String(body, "user", path),
                Namespace = reader.String(body, "namespace", path),
                Origin = origin,
            };
            if (!config.Contexts.TryAdd(name, context))
            {
                throw reader.Duplicate("contexts", name);
            }
        }
        return config;
    }

    private sealed class Reader(string origin, string baseDirectory)
    {
        public KubeconfigException Error(string field, string problem)
            => new($"error loading config file \"{origin}\": field \"{field}\": {problem}");

        public KubeconfigException Duplicate(string list, string name)
            => new($"error loading config file \"{origin}\": duplicate name \"{name}\" in list \"{list}\"");

        public void ExpectObject(JsonElement element, string path)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                throw new KubeconfigException($"error loading config file \"{origin}\": {(path.Length == 0 ? "the document" : $"field \"{path}\"")} must be a mapping, not {Kind(element)}");
            }
        }

        public IEnumerable<(string Name, JsonElement Body, string Path)> NamedList(JsonElement root, string list, string bodyField)
        {
            if (!root.TryGetProperty(list, out var items) || items.ValueKind == JsonValueKind.Null)
            {
                yield break;
            }
            if (items.ValueKind != JsonValueKind.Array)
            {
                throw Error(list, $"must be a list, not {Kind(items)}");
            }
            var index = 0;
            foreach (var item in items.EnumerateArray())
            {
                var itemPath = $"{list}[{index}]";
                ExpectObject(item, itemPath);
                var name = String(item, "name", itemPath);
                var bodyPath = $"{itemPath}.{bodyField}";
                if (!item.TryGetProperty(bodyField, out var body) || body.ValueKind == JsonValueKind.Null)
                {
                    body = EmptyObject;
                }
                ExpectObject(body, bodyPath);
                yield return (name, body, bodyPath);
                index++;
            }
        }

        public string String(JsonElement parent, string field, string path)
        {
            if (!parent.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return "";
            }
            return value.ValueKind == JsonValueKind.String
                ? value.GetString()!
                : throw Error(Join(path, field), $"must be a string, not {Kind(value)}");
        }

        public bool Bool(JsonElement parent, string field, string path)
        {
            if (!parent.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return false;
            }
            return value.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw Error(Join(path, field), $"must be a boolean, not {Kind(value)}"),
            };
        }

        public byte[]? Bytes(JsonElement parent, string field, string path)
        {
            var text = String(parent, field, path);
            if (text.Length == 0)
            {
                return null;
            }
            try
            {
                return Convert.FromBase64String(text);
            }
            catch (FormatException)
            {
                // The value is a secret for the key and token fields: say what is wrong, not what it is.
                throw Error(Join(path, field), "illegal base64 data");
            }
        }

        public string FilePath(JsonElement parent, string field, string path)
        {
            var value = String(parent, field, path);
            return value.Length == 0 || Path.IsPathRooted(value) ? value : Path.GetFullPath(Path.Combine(baseDirectory, value));
        }

        private static string Join(string path, string field) => path.Length == 0 ? field : path + "." + field;

        private static string Kind(JsonElement element) => element.ValueKind switch
        {
            JsonValueKind.Object => "a mapping",
            JsonValueKind.Array => "a list",
            JsonValueKind.String => "a string",
            JsonValueKind.Number => "a number",
            JsonValueKind.True or JsonValueKind.False => "a boolean",
            _ => "null",
        };

        private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();
    }
}
