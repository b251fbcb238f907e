namespace KubeSharp.Client.Tests;

public class KubeconfigLoaderTests
{
    private static string File(string currentContext, string cluster, string server, string context = "ctx", string ns = "")
        => $"""
            current-context: "{currentContext}"
            clusters:
            - name: {cluster}
              cluster: {"{"}server: "{server}"{"}"}
            contexts:
            - name: {context}
              context: {"{"}cluster: {cluster}, namespace: "{ns}"{"}"}
            """;

    private static KubeconfigLoader Loader(TempDir dir, string? kubeconfigEnv, string? explicitPath = null, ConfigOverrides? overrides = null, Dictionary<string, string>? env = null)
        => new()
        {
            ExplicitPath = explicitPath,
            HomeDirectory = Path.Combine(dir.Path, "home"),
            ServiceAccountDirectory = Path.Combine(dir.Path, "sa"),
            Overrides = overrides ?? new ConfigOverrides(),
            Environment = name => name == "KUBECONFIG" ? kubeconfigEnv : env?.GetValueOrDefault(name),
        };

    // Each row: the files of KUBECONFIG (by letter; '-' is a missing file), then the expected current context, the
    // server of cluster "shared" and the cluster of context "ctx".
    [Theory]
    [InlineData("a", "from-a", "https://a", "shared")]
    [InlineData("a:b", "from-a", "https://a", "shared")]
    [InlineData("b:a", "from-b", "https://b", "shared")]
    [InlineData("-:b:a", "from-b", "https://b", "shared")]
    [InlineData("empty:b:a", "from-b", "https://b", "shared")]
    [InlineData("nocurrent:a", "from-a", "https://n", "other")]
    [InlineData("a:a:b", "from-a", "https://a", "shared")]
    public void KubeconfigList_FirstFileToSetAKeyWins(string files, string currentContext, string sharedServer, string ctxCluster)
    {
        using var dir = new TempDir();
        var paths = new Dictionary<string, string>
        {
            ["a"] = dir.Write("a", File("from-a", "shared", "https://a")),
            ["b"] = dir.Write("b", File("from-b", "shared", "https://b") + "\n- name: only-b\n  context: {cluster: shared}\n"),
            ["empty"] = dir.Write("empty", ""),
            // No current-context, and its "ctx" names cluster "other": it wins over a's when it comes first.
            ["nocurrent"] = dir.Write("nocurrent", File("", "shared", "https://n").Replace("cluster: shared,", "cluster: other,", StringComparison.Ordinal)),
            ["-"] = Path.Combine(dir.Path, "missing"),
        };
        var env = string.Join(':', files.Split(':').Select(f => paths[f]));

        var merged = Loader(dir, env).LoadMerged();

        merged.CurrentContext.ShouldBe(currentContext);
        merged.Clusters["shared"].Server.ShouldBe(sharedServer);
        merged.Contexts["ctx"].Cluster.ShouldBe(ctxCluster);
        merged.Contexts.ContainsKey("only-b").ShouldBe(files.Split(':').Contains("b"));
    }

    [Fact]
    public void Merge_KeepsWholeEntriesOfTheFirstFile()
    {
        var first = KubeconfigParser.Parse("clusters:\n- name: c\n  cluster: {server: https://first}\n", "1", "/");
        var second = KubeconfigParser.Parse("clusters:\n- name: c\n  cluster: {server: https://second, tls-server-name: name}\n", "2", "/");
        var merged = new Kubeconfig();

        KubeconfigLoader.Merge(merged, first);
        KubeconfigLoader.Merge(merged, second);

        merged.Clusters["c"].Server.ShouldBe("https://first");
        merged.Clusters["c"].TlsServerName.ShouldBe("");
        merged.Clusters["c"].Origin.ShouldBe("1");
    }

    [Fact]
    public void ExplicitPath_IsTheOnlyFileRead_AndMustExist()
    {
        using var dir = new TempDir();
        var a = dir.Write("a", File("ctx", "shared", "https://a"));
        var b = dir.Write("b", File("ctx", "shared", "https://b"));

        Loader(dir, a, explicitPath: b).Load().Server.ShouldBe(new Uri("https://b"));
        Loader(dir, a, explicitPath: b).Precedence().ShouldBe([b]);
        var error = Should.Throw<KubeconfigException>(() => Loader(dir, a, explicitPath: Path.Combine(dir.Path, "nope")).Load());
        error.Message.ShouldContain(Path.Combine(dir.Path, "nope"));
    }

    [Fact]
    public void WithoutKubeconfigEnv_TheHomeConfigIsRead()
    {
        using var dir = new TempDir();
        dir.Write("home/.kube/config", File("ctx", "shared", "https://home:6443", ns: "team"));

        var config = Loader(dir, kubeconfigEnv: null).Load();

        config.Server.ShouldBe(new Uri("https://home:6443"));
        config.Namespace.ShouldBe("team");
        config.ContextName.ShouldBe("ctx");
    }

    [Fact]
    public void NothingConfigured_IsAnError()
    {
        using var dir = new TempDir();

        var error = Should.Throw<KubeconfigException>(() => Loader(dir, kubeconfigEnv: null).Load());

        error.Message.ShouldBe("invalid configuration: no configuration has been provided");
    }

    private const string Multi = """
        current-context: a
        clusters:
        - name: ca
          cluster: {server: "https://ca"}
        - name: cb
          cluster: {server: "https://cb"}
        users:
        - name: ua
          user: {token: ta}
        - name: ub
          user: {username: b, password: pb}
        contexts:
        - name: a
          context: {cluster: ca, user: ua, namespace: na}
        - name: b
          context: {cluster: cb, user: ub}
        """;

    [Theory]
    [InlineData(null, null, null, null, "https://ca/", "na", "ta", "")]
    [InlineData("b", null, null, null, "https://cb/", "default", "", "b")]
    [InlineData("b", null, null, "x", "https://cb/", "x", "", "b")]
    [InlineData(null, "cb", null, null, "https://cb/", "na", "ta", "")]
    [InlineData(null, null, "ub", "y", "https://ca/", "y", "", "b")]
    public void Overrides_PickContextClusterUserAndNamespace(string? context, string? cluster, string? user, string? ns, string server, string expectedNs, string token, string username)
    {
        var config = KubeconfigParser.Parse(Multi, "f", "/");

        var client = ClientConfiguration.FromKubeconfig(config, new ConfigOverrides { Context = context, Cluster = cluster, User = user, Namespace = ns });

        client.Server.ToString().ShouldBe(server);
        client.Namespace.ShouldBe(expectedNs);
        client.Token.ShouldBe(token);
        client.Username.ShouldBe(username);
        client.ToString().ShouldNotContain("pb");
    }

    [Theory]
    [InlineData("current-context: nope\n", "context was not found for specified context: nope")]
    [InlineData("current-context: a\ncontexts:\n- name: a\n  context: {cluster: missing}\n", "cluster \"missing\" was not found for context \"a\"")]
    [InlineData("current-context: a\nclusters:\n- name: c\n  cluster: {server: https://x}\ncontexts:\n- name: a\n  context: {cluster: c, user: ghost}\n", "user \"ghost\" was not found for context \"a\"")]
    [InlineData("current-context: a\nclusters:\n- name: c\n  cluster: {}\ncontexts:\n- name: a\n  context: {cluster: c}\n", "no server found for cluster \"c\" in /k/config")]
    [InlineData("current-context: a\nclusters:\n- name: c\n  cluster: {server: https://x, certificate-authority: /ca, certificate-authority-data: eA==}\ncontexts:\n- name: a\n  context: {cluster: c}\n", "certificate-authority-data and certificate-authority are both specified for cluster \"c\"")]
    [InlineData("current-context: a\nclusters:\n- name: c\n  cluster: {server: https://x, insecure-skip-tls-verify: true, certificate-authority-data: eA==}\ncontexts:\n- name: a\n  context: {cluster: c}\n", "specifying a root certificates file with the insecure flag is not allowed")]
    [InlineData("current-context: a\nclusters:\n- name: c\n  cluster: {server: https://x, certificate-authority: /no/such/ca.crt}\ncontexts:\n- name: a\n  context: {cluster: c}\n", "unable to read certificate-authority /no/such/ca.crt for cluster \"c\"")]
    [InlineData("current-context: a\nclusters:\n- name: c\n  cluster: {server: https://x}\nusers:\n- name: u\n  user: {client-certificate-data: eA==}\ncontexts:\n- name: a\n  context: {cluster: c, user: u}\n", "client-key-data or client-key must be specified for user \"u\" in /k/config")]
    [InlineData("current-context: a\nclusters:\n- name: c\n  cluster: {server: https://x}\nusers:\n- name: u\n  user: {token: t0psecret, username: me}\ncontexts:\n- name: a\n  context: {cluster: c, user: u}\n", "more than one authentication method found for user \"u\"")]
    [InlineData("current-context: a\nclusters:\n- name: c\n  cluster: {server: https://x}\nusers:\n- name: u\n  user: {tokenFile: /no/such/token}\ncontexts:\n- name: a\n  context: {cluster: c, user: u}\n", "unable to read tokenFile /no/such/token for user \"u\"")]
    public void Resolve_InvalidEntries_AreClearErrors(string yaml, string expected)
    {
        var config = KubeconfigParser.Parse(yaml, "/k/config", "/k");

        var error = Should.Throw<KubeconfigException>(() => ClientConfiguration.FromKubeconfig(config));

        error.Message.ShouldStartWith("invalid configuration: ");
        error.Message.ShouldContain(expected);
        error.Message.ShouldNotContain("t0psecret");
    }

    [Fact]
    public void InCluster_UsesTheServiceEnvironmentAndMountedAccount()
    {
        using var dir = new TempDir();
        dir.Write("sa/token", "sa-token\n");
        dir.Write("sa/ca.crt", "CA");
        dir.Write("sa/namespace", "kube-system");
        var env = new Dictionary<string, string> { ["KUBERNETES_SERVICE_HOST"] = "10.96.0.1", ["KUBERNETES_SERVICE_PORT"] = "443" };

        var config = Loader(dir, kubeconfigEnv: null, env: env).Load();

        config.IsInCluster.ShouldBeTrue();
        config.Server.ShouldBe(new Uri("https://10.96.0.1:443"));
        config.Namespace.ShouldBe("kube-system");
        config.TokenFile.ShouldBe(Path.Combine(dir.Path, "sa", "token"));
        System.Text.Encoding.ASCII.GetString(config.CertificateAuthorityPem!).ShouldBe("CA");
    }

    [Theory]
    [InlineData("fd00::1", "8443", null, null, "https://[fd00::1]:8443/", "default")]
    [InlineData("10.0.0.1", "443", "from-env", null, "https://10.0.0.1/", "from-env")]
    [InlineData("10.0.0.1", "443", "from-env", "from-flag", "https://10.0.0.1/", "from-flag")]
    public void InCluster_HostAndNamespaceRules(string host, string port, string? podNamespace, string? overrideNs, string server, string ns)
    {
        using var dir = new TempDir();
        dir.Write("sa/token", "t");
        var env = new Dictionary<string, string> { ["KUBERNETES_SERVICE_HOST"] = host, ["KUBERNETES_SERVICE_PORT"] = port };
        if (podNamespace is not null)
        {
            env["POD_NAMESPACE"] = podNamespace;
        }

        var config = Loader(dir, kubeconfigEnv: null, overrides: new ConfigOverrides { Namespace = overrideNs }, env: env).Load();

        config.Server.ToString().ShouldBe(server);
        config.Namespace.ShouldBe(ns);
        config.CertificateAuthorityPem.ShouldBeNull();
    }

    [Fact]
    public void InCluster_IsNotUsedWhenAKubeconfigIsPresent_NorWithoutTheToken()
    {
        using var dir = new TempDir();
        var env = new Dictionary<string, string> { ["KUBERNETES_SERVICE_HOST"] = "10.0.0.1", ["KUBERNETES_SERVICE_PORT"] = "443" };
        Should.Throw<KubeconfigException>(() => Loader(dir, kubeconfigEnv: null, env: env).Load())
            .Message.ShouldBe("invalid configuration: no configuration has been provided");

        dir.Write("sa/token", "t");
        dir.Write("home/.kube/config", File("ctx", "shared", "https://home"));
        var config = Loader(dir, kubeconfigEnv: null, env: env).Load();

        config.IsInCluster.ShouldBeFalse();
        config.Server.ShouldBe(new Uri("https://home"));
    }
}
