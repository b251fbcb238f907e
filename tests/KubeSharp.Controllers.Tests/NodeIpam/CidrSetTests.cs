using KubeSharp.Controllers.NodeIpam;

namespace KubeSharp.Controllers.Tests.NodeIpam;

public class CidrSetTests
{
    [Fact]
    public void AllocatesInOrder_RoundRobin_ReusesReleasedOnceWrapped()
    {
        var set = new CidrSet("10.42.0.0/22", 24);
        set.Capacity.ShouldBe(4);
        set.AllocateNext().ShouldBe("10.42.0.0/24");
        set.AllocateNext().ShouldBe("10.42.1.0/24");
        set.Release("10.42.0.0/24").ShouldBeTrue();
        // Upstream searches from the slot after the last allocation.
        set.AllocateNext().ShouldBe("10.42.2.0/24");
        set.AllocateNext().ShouldBe("10.42.3.0/24");
        set.AllocateNext().ShouldBe("10.42.0.0/24");
        set.AllocateNext().ShouldBeNull();
        set.Release("10.42.2.0/24").ShouldBeTrue();
        set.AllocateNext().ShouldBe("10.42.2.0/24");
    }

    [Fact]
    public void Occupy_MarksCoveredSubnets_AndIgnoresOutsideRanges()
    {
        var set = new CidrSet("10.42.0.0/16", 24);
        set.Capacity.ShouldBe(256);
        set.Occupy("10.42.0.0/23").ShouldBeTrue();
        set.IsUsed("10.42.1.0/24").ShouldBeTrue();
        set.AllocateNext().ShouldBe("10.42.2.0/24");
        set.Occupy("192.168.0.0/24").ShouldBeFalse();
        set.Occupy("not-a-cidr").ShouldBeFalse();
        set.Allocated.ShouldBe(3);
        // A wider range than the cluster's marks the whole cluster range.
        set.Occupy("10.0.0.0/8").ShouldBeTrue();
        set.Allocated.ShouldBe(256);
        set.AllocateNext().ShouldBeNull();
    }

    [Theory]
    [InlineData("10.42.0.0/16", 15)]
    [InlineData("10.42.0.0/16", 33)]
    [InlineData("10.0.0.0/8", 25)]
    [InlineData("fd00::/56", 64)]
    [InlineData("10.42.0.0", 24)]
    public void InvalidConfigurations_Throw(string cidr, int mask)
        => Should.Throw<ArgumentException>(() => new CidrSet(cidr, mask));
}
