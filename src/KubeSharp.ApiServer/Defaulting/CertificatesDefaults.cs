using KubeSharp.Api.Certificates.V1;

namespace KubeSharp.ApiServer.Defaulting;

/// <summary>Defaults of <c>certificates.k8s.io/v1</c>. CertificateSigningRequest and ClusterTrustBundle have
/// none in v1 (a CSR condition's status is required).</summary>
internal static class CertificatesDefaults
{
    /// <summary>+default=86400 on <c>maxExpirationSeconds</c> (a kind newer than v1.32).</summary>
    public static void PodCertificateRequest(PodCertificateRequest request) =>
        request.Spec.MaxExpirationSeconds ??= 86400;
}
