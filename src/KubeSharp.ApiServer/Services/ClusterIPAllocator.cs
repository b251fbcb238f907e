using System.Net;
using System.Net.Sockets;
using System.Numerics;
using KubeSharp.Storage;

namespace KubeSharp.ApiServer.Services;

/// <summary>An IP address could not be allocated; <see cref="Exception.Message"/> is upstream's error text.</summary>
public sealed class AllocationException(string message, bool full = false) : Exception(message)
{
    /// <summary>True when the range has no free value left (upstream's ErrFull).</summary>
    public bool Full { get; } = full;
}

/// <summary>
/// Upstream's service ClusterIP allocator over <c>--service-cluster-ip-range</c>, persisted at
/// <c>/registry/ranges/serviceips</c>. The network address (and for IPv4 the broadcast address) are never handed out;
/// offset 0 of the bitmap is the first usable address (the <c>kubernetes</c> Service's). IPv6 ranges are capped at
/// 65536 addresses as upstream.
/// </summary>
public sealed class ClusterIPAllocator : IDisposable
{
    /// <summary>The store key upstream keeps the bitmap under.</summary>
    public const string StorageKey = "/registry/ranges/serviceips";

    private readonly BigInteger _base;

    public ClusterIPAllocator(IKeyValueStore store, string cidr)
    {
        Network = IPNetwork.Parse(cidr.Trim());
        Cidr = Network.ToString();
        Family = Network.BaseAddress.AddressFamily == AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4";
        var bits = Family == "IPv6" ? 128 : 32;
        var hostBits = bits - Network.PrefixLength;
        var total = BigInteger.One << hostBits;
        // Not the network address; not the IPv4 broadcast address.
        var max = Family == "IPv6" ? BigInteger.Min(total, 65536) : total - 1;
        max -= 1;
        Max = (int)BigInteger.Max(max, 0);
        _base = ToBig(Network.BaseAddress) + 1;
        Range = new PersistedRange(store, StorageKey, Cidr, Max, RangeOffset(total));
    }

    public IPNetwork Network { get; }

    /// <summary>The range in CIDR notation (as upstream writes it, e.g. 10.43.0.0/16).</summary>
    public string Cidr { get; }

    /// <summary>"IPv4" or "IPv6".</summary>
    public string Family { get; }

    /// <summary>How many addresses can be allocated.</summary>
    public int Max { get; }

    public PersistedRange Range { get; }

    /// <summary>The offset of an address in the bitmap, or null when it is not an allocatable address of the range.</summary>
    public int? OffsetOf(IPAddress ip)
    {
        if (ip.AddressFamily != Network.BaseAddress.AddressFamily || !Network.Contains(ip))
        {
            return null;
        }
        var offset = ToBig(ip) - _base;
        return offset >= 0 && offset < Max ? (int)offset : null;
    }

    public IPAddress AddressAt(int offset) => FromBig(_base + offset, Network.BaseAddress.AddressFamily);

    /// <summary>Reserves <paramref name="ip"/>. Throws upstream's errors: not in the range, already allocated. A dry
    /// run checks the range only, as upstream.</summary>
    public async ValueTask AllocateAsync(IPAddress ip, bool dryRun, CancellationToken cancellationToken)
    {
        if (OffsetOf(ip) is not { } offset)
        {
            throw new AllocationException($"the provided IP ({ip}) is not in the valid range. The range of valid IPs is {Cidr}");
        }
        if (dryRun)
        {
            return;
        }
        var allocated = await Range.UpdateAsync(bitmap => bitmap.Allocate(offset) is var ok ? (ok, ok) : default, cancellationToken);
        if (!allocated)
        {
            throw new AllocationException("provided IP is already allocated");
        }
    }

    /// <summary>Reserves a free address. A dry run reserves nothing and returns the network address, as upstream.</summary>
    public async ValueTask<IPAddress> AllocateNextAsync(bool dryRun, CancellationToken cancellationToken)
    {
        if (dryRun)
        {
            return Network.BaseAddress;
        }
        var offset = await Range.UpdateAsync(bitmap => bitmap.AllocateNext() is { } next ? ((int?)next, true) : (null, false), cancellationToken);
        return offset is { } found ? AddressAt(found) : throw new AllocationException("range is full", full: true);
    }

    /// <summary>Releases <paramref name="ip"/>; addresses outside the range or not allocated are ignored.</summary>
    public async ValueTask ReleaseAsync(IPAddress ip, CancellationToken cancellationToken)
    {
        if (OffsetOf(ip) is not { } offset)
        {
            return;
        }
        await Range.UpdateAsync(bitmap =>
        {
            var had = bitmap.Has(offset);
            bitmap.Release(offset);
            return (had, had);
        }, cancellationToken);
    }

    public ValueTask<bool> HasAsync(IPAddress ip, CancellationToken cancellationToken)
        => OffsetOf(ip) is { } offset ? Range.HasAsync(offset, cancellationToken) : ValueTask.FromResult(false);

    /// <summary>Upstream's static-subrange offset: min(max(16, size/16), 256), 0 for ranges of 16 or fewer.</summary>
    private static int RangeOffset(BigInteger size)
    {
        if (size <= 16)
        {
            return 0;
        }
        return (int)BigInteger.Min(BigInteger.Max(16, size / 16), 256);
    }

    private static BigInteger ToBig(IPAddress ip) => new(ip.GetAddressBytes(), isUnsigned: true, isBigEndian: true);

    private static IPAddress FromBig(BigInteger value, AddressFamily family)
    {
        var length = family == AddressFamily.InterNetworkV6 ? 16 : 4;
        var bytes = value.ToByteArray(isUnsigned: true, isBigEndian: true);
        var padded = new byte[length];
        bytes.AsSpan(Math.Max(0, bytes.Length - length)).CopyTo(padded.AsSpan(Math.Max(0, length - bytes.Length)));
        return new IPAddress(padded);
    }

    public void Dispose() => Range.Dispose();
}
