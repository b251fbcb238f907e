using System.Text;

namespace KubeSharp.Client.Tests;

public class KubeconfigParserTests
{
    private const string Full = """
        apiVersion: v1
        kind: Config
        current-context: dev
        preferences: {}
        clusters:
        - name: c1
          cluster:
            server: https://10.0.0.1:6443
            certificate-authority: certs/ca.crt
            tls-server-name: kubernetes.default
            unknown-field: ignored
        - name: c2
          cluster:
            server: https://c2.example:443
            certificate-authority-data: Y2EtcGVt
            insecure-skip-tls-verify: false
        - name: c3
          cluster:
            server: https://c3
            insecure-skip-tls-verify: true
        users:
        - name: u1
          user:
            client-certificate: ../pki/u1.crt
            client-key: /abs/u1.key
        - name: u2
          user:
            client-certificate-data: Y2VydA==
            client-key-data: a2V5
        - name: u3
          user:
            token: abc
            tokenFile: token.txt
        - name: u4
          user:
            username: admin
            password: hunter2
        contexts:
        - name: dev
          context:
            cluster: c1
            user: u1
            namespace: team
        - name: empty
        """;

    [Fact]
    public void Parse_AllFields_MapsToTheModel()
    {
        var config = KubeconfigParser.Parse(Full, "/home/me/.kube/config", "/home/me/.kube");

        config.CurrentContext.ShouldBe("dev");
        config.Clusters.Keys.ShouldBe(["c1", "c2", "c3"], ignoreOrder: true);
        var c1 = config.Clusters["c1"];
        c1.Server.ShouldBe("https://10.0.0.1:6443");
        c1.CertificateAuthority.ShouldBe("/home/me/.kube/certs/ca.crt");
        c1.TlsServerName.ShouldBe("kubernetes.default");
        c1.Origin.ShouldBe("/home/me/.kube/config");
        Encoding.ASCII.GetString(config.Clusters["c2"].CertificateAuthorityData!).ShouldBe("ca-pem");
        config.Clusters["c2"].InsecureSkipTlsVerify.ShouldBeFalse();
        config.Clusters["c3"].InsecureSkipTlsVerify.ShouldBeTrue();

        config.Users["u1"].ClientCertificate.ShouldBe("/home/me/pki/u1.crt");
        config.Users["u1"].ClientKey.ShouldBe("/abs/u1.key");
        Encoding.ASCII.GetString(config.Users["u2"].ClientCertificateData!).ShouldBe("cert");
        Encoding.ASCII.GetString(config.Users["u2"].ClientKeyData!).ShouldBe("key");
        config.Users["u3"].Token.ShouldBe("abc");
        config.Users["u3"].TokenFile.ShouldBe("/home/me/.kube/token.txt");
        config.Users["u4"].Username.ShouldBe("admin");
        config.Users["u4"].Password.ShouldBe("hunter2");
        config.Users["u4"].ToString().ShouldNotContain("hunter2");

        var dev = config.Contexts["dev"];
        (dev.Cluster, dev.User, dev.Namespace).ShouldBe(("c1", "u1", "team"));
        config.Contexts["empty"].Cluster.ShouldBe("");
    }

    [Fact]
    public void LoadFile_RelativePaths_ResolveAgainstTheFilesDirectory()
    {
        using var dir = new TempDir();
        var path = dir.Write("nested/kc.yaml", """
            clusters:
            - name: c
              cluster: {server: "https://x", certificate-authority: ca.crt}
            users:
            - name: u
              user: {client-certificate: ./sub/u.crt, client-key: ../u.key, tokenFile: t}
            """);

        var config = KubeconfigParser.LoadFile(path);

        config.Clusters["c"].CertificateAuthority.ShouldBe(Path.Combine(dir.Path, "nested", "ca.crt"));
        config.Users["u"].ClientCertificate.ShouldBe(Path.Combine(dir.Path, "nested", "sub", "u.crt"));
        config.Users["u"].ClientKey.ShouldBe(Path.Combine(dir.Path, "u.key"));
        config.Users["u"].TokenFile.ShouldBe(Path.Combine(dir.Path, "nested", "t"));
    }

    [Fact]
    public void Parse_EmptyText_IsAnEmptyConfig()
    {
        KubeconfigParser.Parse("", "f", "/").IsEmpty.ShouldBeTrue();
        KubeconfigParser.Parse("# only a comment\n", "f", "/").IsEmpty.ShouldBeTrue();
    }

    [Theory]
    [InlineData("clusters:\n- name: a\n  cluster: {server: one}\n- name: a\n  cluster: {server: two}\n", "duplicate name \"a\" in list \"clusters\"")]
    [InlineData("users:\n- name: u\n- name: u\n", "duplicate name \"u\" in list \"users\"")]
    [InlineData("clusters: {a: b}\n", "field \"clusters\": must be a list, not a mapping")]
    [InlineData("clusters:\n- name: a\n  cluster:\n    server: [x]\n", "field \"clusters[0].cluster.server\": must be a string, not a list")]
    [InlineData("clusters:\n- name: a\n  cluster:\n    insecure-skip-tls-verify: maybe\n", "field \"clusters[0].cluster.insecure-skip-tls-verify\": must be a boolean, not a string")]
    [InlineData("users:\n- name: a\n  user:\n    client-key-data: \"not*base64\"\n", "field \"users[0].user.client-key-data\": illegal base64 data")]
    [InlineData("- a\n- b\n", "the document must be a mapping, not a list")]
    [InlineData("clusters: [\n", "error converting YAML to JSON")]
    public void Parse_Invalid_NamesTheFileAndField(string yaml, string expected)
    {
        var error = Should.Throw<KubeconfigException>(() => KubeconfigParser.Parse(yaml, "/etc/kc", "/etc"));

        error.Message.ShouldStartWith("error loading config file \"/etc/kc\": ");
        error.Message.ShouldContain(expected);
        error.Message.ShouldNotContain("not*base64");
    }
}
