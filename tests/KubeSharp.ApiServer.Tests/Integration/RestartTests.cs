namespace KubeSharp.ApiServer.Tests.Integration;

/// <summary>Restarting the server keeps every object and its identity; certificates are reused.</summary>
public sealed class RestartTests : IAsyncLifetime
{
    private readonly ApiServerFixture _server = new();

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task Restart_KeepsObjectsAndTheirUids()
    {
        (await _server.KubectlAsync("create namespace kept")).ExitCode.ShouldBe(0);
        (await _server.KubectlAsync("create configmap survivor -n kept --from-literal=k=v")).ExitCode.ShouldBe(0);
        var before = await _server.KubectlAsync("get configmap survivor -n kept -o jsonpath={.metadata.uid}");
        var ca = await File.ReadAllTextAsync(Path.Combine(_server.Host.Pki.Directory, "ca.crt"));

        await _server.RestartAsync();

        var after = await _server.KubectlAsync("get configmap survivor -n kept -o jsonpath={.metadata.uid}/{.data.k}");
        after.ExitCode.ShouldBe(0, after.Stderr);
        after.Stdout.ShouldBe(before.Stdout + "/v");
        (await File.ReadAllTextAsync(Path.Combine(_server.Host.Pki.Directory, "ca.crt"))).ShouldBe(ca);
        var namespaces = await _server.KubectlAsync("get ns -o name");
        namespaces.Stdout.ShouldContain("namespace/kept");
    }
}
