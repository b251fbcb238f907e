using System.Text.Json;

namespace KubeSharp.Scheduler.Framework;

/// <summary>Creates a plugin from its (optional) args JSON (upstream's <c>PluginFactory</c>).</summary>
public delegate IPlugin PluginFactory(JsonElement? args, IFrameworkHandle handle);

/// <summary>Plugin factories by name (upstream's <c>runtime.Registry</c>).</summary>
public sealed class PluginRegistry
{
    private readonly Dictionary<string, PluginFactory> _factories = new(StringComparer.Ordinal);

    /// <summary>The registered names.</summary>
    public IEnumerable<string> Names => _factories.Keys;

    /// <summary>Registers a factory; a name may be registered once.</summary>
    public PluginRegistry Register(string name, PluginFactory factory)
    {
        if (!_factories.TryAdd(name, factory))
        {
            throw new InvalidOperationException($"a plugin named {name} already exists");
        }

        return this;
    }

    /// <summary>The factory of a plugin.</summary>
    public bool TryGet(string name, out PluginFactory factory) => _factories.TryGetValue(name, out factory!);

    /// <summary>The in-tree plugins (upstream's <c>plugins.NewInTreeRegistry</c>).</summary>
    public static PluginRegistry InTree() => Plugins.InTreePlugins.CreateRegistry();
}
