using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace KubeSharp.Controllers.NodeIpam;

/// <summary>
/// Upstream's cidrset (pkg/controller/nodeipam/ipam/cidrset): the cluster CIDR cut into subnets of one mask size, a bit
/// per subnet. <see cref="AllocateNext"/> searches round-robin from the slot after the last allocation (so a released
/// subnet is handed out again once the search wraps around to it), <see cref="Occupy"/> marks subnets already in use,
/// <see cref="Release"/> frees them. IPv4 only. Not thread-safe: the caller locks.
/// </summary>
public sealed class CidrSet
{
    private readonly uint _base;
    private readonly int _clusterMaskSize;
    private readonly int _subnetMaskSize;
    private readonly bool[] _used;
    private int _nextCandidate;

    /// <summary>Creates the set of /<paramref name="subnetMaskSize"/> subnets of <paramref name="clusterCidr"/>.</summary>
    /// <exception cref="ArgumentException">Not an IPv4 CIDR, or the subnet mask is not longer than the cluster's (by at most 16 bits, as upstream).</exception>
    public CidrSet(string clusterCidr, int subnetMaskSize)
    {
        (_base, _clusterMaskSize) = Parse(clusterCidr);
        if (subnetMaskSize < _clusterMaskSize || subnetMaskSize > 32)
        {
            throw new ArgumentException($"subnet mask size {subnetMaskSize} is invalid for cluster CIDR {clusterCidr}", nameof(subnetMaskSize));
        }
        if (subnetMaskSize - _clusterMaskSize > 16)
        {
            throw new ArgumentException("CIDRSet: subnet mask size is too big (more than 16 bits bigger than the cluster mask)", nameof(subnetMaskSize));
        }
        _subnetMaskSize = subnetMaskSize;
        _used = new bool[1 << (subnetMaskSize - _clusterMaskSize)];
    }

    /// <summary>How many subnets the set has.</summary>
    public int Capacity => _used.Length;

    /// <summary>How many are in use.</summary>
    public int Allocated => _used.Count(u => u);

    /// <summary>The next free subnet, or null when all are in use (upstream's "CIDR allocation failed; there are no remaining CIDRs left to allocate in the accepted range").</summary>
    public string? AllocateNext()
    {
        for (var i = 0; i < _used.Length; i++)
        {
            var candidate = (_nextCandidate + i) % _used.Length;
            if (!_used[candidate])
            {
                _used[candidate] = true;
                _nextCandidate = (candidate + 1) % _used.Length;
                return Format(candidate);
            }
        }
        return null;
    }

    /// <summary>Marks the subnets <paramref name="cidr"/> covers (clipped to the cluster CIDR) as used; false when it does not overlap the cluster CIDR or does not parse.</summary>
    public bool Occupy(string cidr) => Mark(cidr, true);

    /// <summary>Frees the subnets <paramref name="cidr"/> covers; false when it does not overlap the cluster CIDR or does not parse.</summary>
    public bool Release(string cidr) => Mark(cidr, false);

    /// <summary>Whether <paramref name="cidr"/>'s first subnet is in use.</summary>
    public bool IsUsed(string cidr) => Range(cidr) is { } r && _used[r.Begin];

    private bool Mark(string cidr, bool used)
    {
        if (Range(cidr) is not { } range)
        {
            return false;
        }
        for (var i = range.Begin; i <= range.End; i++)
        {
            _used[i] = used;
        }
        return true;
    }

    private (int Begin, int End)? Range(string cidr)
    {
        uint ip;
        int mask;
        try
        {
            (ip, mask) = Parse(cidr);
        }
        catch (ArgumentException)
        {
            return null;
        }
        var clusterMask = _clusterMaskSize == 0 ? 0u : uint.MaxValue << (32 - _clusterMaskSize);
        var commonMask = Math.Min(mask, _clusterMaskSize);
        var common = commonMask == 0 ? 0u : uint.MaxValue << (32 - commonMask);
        if ((ip & common) != (_base & common))
        {
            return null;
        }
        var shift = 32 - _subnetMaskSize;
        ulong first = Math.Max(ip & (mask == 0 ? 0u : uint.MaxValue << (32 - mask)), _base);
        ulong last = Math.Min((ulong)(ip | (mask == 32 ? 0u : uint.MaxValue >> mask)), _base | ~clusterMask);
        if (first > last)
        {
            return null;
        }
        return ((int)((first - _base) >> shift), (int)((last - _base) >> shift));
    }

    private string Format(int index)
    {
        var ip = _base + ((uint)index << (32 - _subnetMaskSize));
        var bytes = new[] { (byte)(ip >> 24), (byte)(ip >> 16), (byte)(ip >> 8), (byte)ip };
        return new IPAddress(bytes) + "/" + _subnetMaskSize.ToString(CultureInfo.InvariantCulture);
    }

    private static (uint Ip, int Mask) Parse(string cidr)
    {
        var slash = cidr.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !IPAddress.TryParse(cidr.AsSpan(0, slash), out var address) || address.AddressFamily != AddressFamily.InterNetwork
            || !int.TryParse(cidr.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var mask) || mask > 32)
        {
            throw new ArgumentException($"invalid IPv4 CIDR address: {cidr}", nameof(cidr));
        }
        var b = address.GetAddressBytes();
        var ip = ((uint)b[0] << 24) | ((uint)b[1] << 16) | ((uint)b[2] << 8) | b[3];
        var maskBits = mask == 0 ? 0u : uint.MaxValue << (32 - mask);
        return (ip & maskBits, mask);
    }
}
