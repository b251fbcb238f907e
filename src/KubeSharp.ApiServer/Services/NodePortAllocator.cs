using System.Globalization;
using KubeSharp.Storage;

namespace KubeSharp.ApiServer.Services;

/// <summary>
/// Upstream's NodePort allocator over <c>--service-node-port-range</c> (default 30000-32767), persisted at
/// <c>/registry/ranges/servicenodeports</c>.
/// </summary>
public sealed class NodePortAllocator : IDisposable
{
    /// <summary>The store key upstream keeps the bitmap under.</summary>
    public const string StorageKey = "/registry/ranges/servicenodeports";

    public NodePortAllocator(IKeyValueStore store, string portRange)
    {
        (Base, Size) = Parse(portRange);
        RangeSpec = string.Create(CultureInfo.InvariantCulture, $"{Base}-{Base + Size - 1}");
        Range = new PersistedRange(store, StorageKey, RangeSpec, Size, RangeOffset(Size));
    }

    /// <summary>The first port.</summary>
    public int Base { get; }

    /// <summary>How many ports the range has.</summary>
    public int Size { get; }

    /// <summary>"30000-32767".</summary>
    public string RangeSpec { get; }

    public PersistedRange Range { get; }

    public bool Contains(int port) => port >= Base && port < Base + Size;

    /// <summary>Reserves <paramref name="port"/>; throws upstream's errors (not in range, already allocated).</summary>
    public async ValueTask AllocateAsync(int port, CancellationToken cancellationToken)
    {
        if (!Contains(port))
        {
            throw new AllocationException($"provided port is not in the valid range. The range of valid ports is {RangeSpec}");
        }
        var offset = port - Base;
        var allocated = await Range.UpdateAsync(bitmap => bitmap.Allocate(offset) is var ok ? (ok, ok) : default, cancellationToken);
        if (!allocated)
        {
            throw new AllocationException("provided port is already allocated");
        }
    }

    /// <summary>Reserves a free port; throws "range is full" when there is none.</summary>
    public async ValueTask<int> AllocateNextAsync(CancellationToken cancellationToken)
    {
        var offset = await Range.UpdateAsync(bitmap => bitmap.AllocateNext() is { } next ? ((int?)next, true) : (null, false), cancellationToken);
        return offset is { } found ? Base + found : throw new AllocationException("range is full", full: true);
    }

    /// <summary>Releases <paramref name="port"/>; ports outside the range or not allocated are ignored.</summary>
    public async ValueTask ReleaseAsync(int port, CancellationToken cancellationToken)
    {
        if (!Contains(port))
        {
            return;
        }
        var offset = port - Base;
        await Range.UpdateAsync(bitmap =>
        {
            var had = bitmap.Has(offset);
            bitmap.Release(offset);
            return (had, had);
        }, cancellationToken);
    }

    public ValueTask<bool> HasAsync(int port, CancellationToken cancellationToken)
        => Contains(port) ? Range.HasAsync(port - Base, cancellationToken) : ValueTask.FromResult(false);

    /// <summary>Upstream's net.ParsePortRange: "30000-32767", "30000+2767" or a single port.</summary>
    public static (int Base, int Size) Parse(string value)
    {
        var text = value.Trim();
        int first, last;
        if (text.Split('-') is [var a, var b])
        {
            first = int.Parse(a, CultureInfo.InvariantCulture);
            last = int.Parse(b, CultureInfo.InvariantCulture);
        }
        else if (text.Split('+') is [var c, var d])
        {
            first = int.Parse(c, CultureInfo.InvariantCulture);
            last = first + int.Parse(d, CultureInfo.InvariantCulture);
        }
        else
        {
            first = last = int.Parse(text, CultureInfo.InvariantCulture);
        }
        if (first < 0 || last > 65535 || last < first)
        {
            throw new FormatException($"invalid port range: {value}");
        }
        return (first, last - first + 1);
    }

    /// <summary>Upstream's static-subrange offset for ports: min(max(16, size/32), 128), 0 for 16 or fewer ports.</summary>
    private static int RangeOffset(int size) => size <= 16 ? 0 : Math.Min(Math.Max(16, size / 32), 128);

    public void Dispose() => Range.Dispose();
}
