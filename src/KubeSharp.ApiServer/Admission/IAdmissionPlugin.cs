namespace KubeSharp.ApiServer.Admission;

/// <summary>An admission plugin (upstream's admission.Interface): its name and the operations it looks at.</summary>
public interface IAdmissionPlugin
{
    string Name { get; }

    bool Handles(AdmissionOperation operation);
}

/// <summary>A plugin that may change the object (upstream's MutationInterface); runs before the strategy's
/// validation. Throws an <see cref="Errors.ApiStatusException"/> to refuse the request.</summary>
public interface IMutatingAdmissionPlugin : IAdmissionPlugin
{
    ValueTask AdmitAsync(AdmissionAttributes attributes, CancellationToken cancellationToken);
}

/// <summary>A plugin that only decides (upstream's ValidationInterface); runs after the strategy's validation, just
/// before the write. Throws an <see cref="Errors.ApiStatusException"/> to refuse the request.</summary>
public interface IValidatingAdmissionPlugin : IAdmissionPlugin
{
    ValueTask ValidateAsync(AdmissionAttributes attributes, CancellationToken cancellationToken);
}
