using KubeSharp.Api;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Manifests;
using KubeSharp.Api.Meta.V1;
using KubeSharp.Api.Serialization;

namespace KubeSharp.Scheduler.Tests;

/// <summary>Fluent pod/node builders in the spirit of upstream's testing wrappers (st.MakePod / st.MakeNode).</summary>
internal static class St
{
    public static PodWrapper MakePod(string name = "p", string ns = "default") => new(name, ns);

    public static NodeWrapper MakeNode(string name) => new(name);

    public static Dictionary<string, Quantity> Res(params (string Name, string Value)[] items) =>
        items.ToDictionary(i => i.Name, i => Quantity.Parse(i.Value));

    /// <summary>An object from YAML through the generated codecs.</summary>
    public static T FromYaml<T>(string yaml) where T : IJsonModel<T> => KubeJson.Deserialize<T>(YamlToJson.Convert(yaml));
}

public sealed class PodWrapper
{
    private readonly Pod _pod;
    private static int s_uid;

    public PodWrapper(string name, string ns)
    {
        _pod = new Pod { Metadata = new ObjectMeta { Name = name, Namespace = ns, Uid = "uid-" + Interlocked.Increment(ref s_uid) } };
        _pod.Spec.Containers = [];
    }

    public Pod Obj() => _pod;

    public static implicit operator Pod(PodWrapper w) => w._pod;

    public PodWrapper Node(string nodeName)
    {
        _pod.Spec.NodeName = nodeName;
        return this;
    }

    public PodWrapper Uid(string uid)
    {
        _pod.Metadata.Uid = uid;
        return this;
    }

    public PodWrapper Priority(int priority)
    {
        _pod.Spec.Priority = priority;
        return this;
    }

    public PodWrapper Label(string key, string value)
    {
        (_pod.Metadata.Labels ??= [])[key] = value;
        return this;
    }

    /// <summary>Adds a container with requests (name=value pairs, e.g. "cpu=1", "memory=1Gi").</summary>
    public PodWrapper Req(params string[] requests)
    {
        _pod.Spec.Containers!.Add(Container("c" + _pod.Spec.Containers.Count, requests));
        return this;
    }

    public PodWrapper Container(string image)
    {
        _pod.Spec.Containers!.Add(new Container { Name = "c" + _pod.Spec.Containers.Count, Image = image });
        return this;
    }

    public PodWrapper InitReq(params string[] requests)
    {
        (_pod.Spec.InitContainers ??= []).Add(Container("init" + _pod.Spec.InitContainers.Count, requests));
        return this;
    }

    public PodWrapper SidecarReq(params string[] requests)
    {
        var c = Container("sidecar" + (_pod.Spec.InitContainers?.Count ?? 0), requests);
        c.RestartPolicy = "Always";
        (_pod.Spec.InitContainers ??= []).Add(c);
        return this;
    }

    public PodWrapper Overhead(params string[] resources)
    {
        _pod.Spec.Overhead = Parse(resources);
        return this;
    }

    public PodWrapper NodeSelector(string key, string value)
    {
        (_pod.Spec.NodeSelector ??= [])[key] = value;
        return this;
    }

    public PodWrapper Toleration(string key, string op, string value, string effect)
    {
        (_pod.Spec.Tolerations ??= []).Add(new Toleration { Key = key, Operator = op, Value = value, Effect = effect });
        return this;
    }

    public PodWrapper HostPort(int port, string protocol = "TCP", string hostIp = "")
    {
        _pod.Spec.Containers!.Add(new Container
        {
            Name = "port" + _pod.Spec.Containers.Count,
            Ports = [new ContainerPort { HostPort = port, ContainerPortValue = port, Protocol = protocol, HostIP = hostIp }],
        });
        return this;
    }

    public PodWrapper Affinity(Affinity affinity)
    {
        _pod.Spec.Affinity = affinity;
        return this;
    }

    public PodWrapper Spec(string yaml)
    {
        var spec = St.FromYaml<PodSpec>(yaml);
        spec.Containers ??= _pod.Spec.Containers;
        _pod.Spec = spec;
        return this;
    }

    private static Container Container(string name, string[] requests)
    {
        var c = new Container { Name = name };
        if (requests.Length > 0)
        {
            c.Resources.Requests = Parse(requests);
        }

        return c;
    }

    internal static Dictionary<string, Quantity> Parse(string[] items) =>
        items.Select(i => i.Split('=')).ToDictionary(p => p[0], p => Quantity.Parse(p[1]));
}

public sealed class NodeWrapper
{
    private readonly Node _node;

    public NodeWrapper(string name) => _node = new Node { Metadata = new ObjectMeta { Name = name } };

    public Node Obj() => _node;

    public static implicit operator Node(NodeWrapper w) => w._node;

    /// <summary>Sets capacity and allocatable (name=value pairs); pods defaults to 110 unless given.</summary>
    public NodeWrapper Capacity(params string[] resources)
    {
        var list = PodWrapper.Parse(resources);
        list.TryAdd("pods", Quantity.Parse("110"));
        _node.Status.Capacity = list;
        _node.Status.Allocatable = new Dictionary<string, Quantity>(list);
        return this;
    }

    public NodeWrapper Label(string key, string value)
    {
        (_node.Metadata.Labels ??= [])[key] = value;
        return this;
    }

    public NodeWrapper Taint(string key, string value, string effect)
    {
        (_node.Spec.Taints ??= []).Add(new Taint { Key = key, Value = value, Effect = effect });
        return this;
    }

    public NodeWrapper Unschedulable()
    {
        _node.Spec.Unschedulable = true;
        return this;
    }

    public NodeWrapper Image(long sizeBytes, params string[] names)
    {
        (_node.Status.Images ??= []).Add(new ContainerImage { Names = [.. names], SizeBytes = sizeBytes });
        return this;
    }
}
