namespace KubeSharp.ApiServer.Admission;

/// <summary>
/// The API server's admission chain (upstream's chainAdmissionHandler): every mutating plugin in order, then, after
/// the strategy's validation, every validating plugin in order. The first refusal ends the request.
/// </summary>
public sealed class AdmissionChain
{
    private readonly IMutatingAdmissionPlugin[] _mutating;
    private readonly IValidatingAdmissionPlugin[] _validating;

    public AdmissionChain(IEnumerable<IAdmissionPlugin> plugins)
    {
        ArgumentNullException.ThrowIfNull(plugins);
        Plugins = [.. plugins];
        _mutating = [.. Plugins.OfType<IMutatingAdmissionPlugin>()];
        _validating = [.. Plugins.OfType<IValidatingAdmissionPlugin>()];
    }

    /// <summary>A chain that admits everything.</summary>
    public static AdmissionChain Empty { get; } = new([]);

    public IReadOnlyList<IAdmissionPlugin> Plugins { get; }

    public async ValueTask AdmitAsync(AdmissionAttributes attributes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        attributes.Validating = false;
        foreach (var plugin in _mutating)
        {
            if (plugin.Handles(attributes.Operation))
            {
                await plugin.AdmitAsync(attributes, cancellationToken);
            }
        }
    }

    public async ValueTask ValidateAsync(AdmissionAttributes attributes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        attributes.Validating = true;
        foreach (var plugin in _validating)
        {
            if (plugin.Handles(attributes.Operation))
            {
                await plugin.ValidateAsync(attributes, cancellationToken);
            }
        }
    }
}
