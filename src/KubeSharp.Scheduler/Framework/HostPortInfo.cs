namespace KubeSharp.Scheduler.Framework;

/// <summary>
/// The host ports used on a node by IP, protocol and port (upstream's <c>HostPortInfo</c>). The wildcard IP 0.0.0.0
/// conflicts with every IP; an empty IP means 0.0.0.0 and an empty protocol means TCP.
/// </summary>
public sealed class HostPortInfo
{
    /// <summary>The wildcard IP.</summary>
    public const string DefaultIp = "0.0.0.0";

    private readonly Dictionary<string, HashSet<(string Protocol, int Port)>> _ports = new(StringComparer.Ordinal);

    /// <summary>The number of IPs with ports.</summary>
    public int Count => _ports.Count;

    private static (string Ip, string Protocol) Sanitize(string? ip, string? protocol) =>
        (string.IsNullOrEmpty(ip) ? DefaultIp : ip, string.IsNullOrEmpty(protocol) ? "TCP" : protocol);

    /// <summary>Records a port.</summary>
    public void Add(string? ip, string? protocol, int port)
    {
        if (port <= 0)
        {
            return;
        }

        var (i, p) = Sanitize(ip, protocol);
        if (!_ports.TryGetValue(i, out var set))
        {
            set = [];
            _ports[i] = set;
        }

        set.Add((p, port));
    }

    /// <summary>Forgets a port.</summary>
    public void Remove(string? ip, string? protocol, int port)
    {
        if (port <= 0)
        {
            return;
        }

        var (i, p) = Sanitize(ip, protocol);
        if (_ports.TryGetValue(i, out var set))
        {
            set.Remove((p, port));
            if (set.Count == 0)
            {
                _ports.Remove(i);
            }
        }
    }

    /// <summary>Whether the port conflicts with one in use (upstream's <c>CheckConflict</c>).</summary>
    public bool CheckConflict(string? ip, string? protocol, int port)
    {
        if (port <= 0 || _ports.Count == 0)
        {
            return false;
        }

        var (i, p) = Sanitize(ip, protocol);
        var key = (p, port);
        if (i == DefaultIp)
        {
            foreach (var set in _ports.Values)
            {
                if (set.Contains(key))
                {
                    return true;
                }
            }

            return false;
        }

        return (_ports.TryGetValue(DefaultIp, out var any) && any.Contains(key)) ||
               (_ports.TryGetValue(i, out var own) && own.Contains(key));
    }

    /// <summary>A copy.</summary>
    public HostPortInfo Clone()
    {
        var copy = new HostPortInfo();
        foreach (var (ip, set) in _ports)
        {
            copy._ports[ip] = [.. set];
        }

        return copy;
    }
}
