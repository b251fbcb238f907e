namespace KubeSharp.ApiServer.Tests;

public class ApiServerOptionsTests
{
    [Fact]
    public void Defaults_FollowUpstreamAndK3s()
    {
        var options = new ApiServerOptions();
        options.HttpsPort.ShouldBe(6443);
        options.ServiceClusterIpRange.ShouldBe("10.43.0.0/16");
        options.KubeconfigOut.ShouldBe("/etc/kubesharp/admin.kubeconfig");
        options.MaxRequestsInflight.ShouldBe(400);
        options.MaxMutatingRequestsInflight.ShouldBe(200);
    }
}
