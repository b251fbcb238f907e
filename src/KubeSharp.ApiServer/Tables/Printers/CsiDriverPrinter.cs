using KubeSharp.Api.Storage.V1;

namespace KubeSharp.ApiServer.Tables.Printers;

/// <summary>csidrivers: NAME, ATTACHREQUIRED, PODINFOONMOUNT, STORAGECAPACITY, TOKENREQUESTS, REQUIRESREPUBLISH, MODES, AGE.</summary>
internal sealed class CsiDriverPrinter : ResourcePrinter<CSIDriver>
{
    public CsiDriverPrinter()
        : base(
            TableColumn.NameColumn,
            TableColumn.Bool("AttachRequired", "attachRequired indicates this CSI volume driver requires an attach operation (because it implements the CSI ControllerPublishVolume() method), and that the Kubernetes attach detach controller should call the attach volume interface which checks the volumeattachment status and waits until the volume is attached before proceeding to mounting. The CSI external-attacher coordinates with CSI volume driver and updates the volumeattachment status when the attach operation is complete. If the value is specified to false, the attach operation will be skipped. Otherwise the attach operation will be called.\n\nThis field is immutable."),
            TableColumn.Bool("PodInfoOnMount", "podInfoOnMount indicates this CSI volume driver requires additional pod information (like podName, podUID, etc.) during mount operations, if set to true. If set to false, pod information will not be passed on mount. Default is false."),
            TableColumn.Bool("StorageCapacity", "storageCapacity indicates that the CSI volume driver wants pod scheduling to consider the storage capacity that the driver deployment will report by creating CSIStorageCapacity objects with capacity information, if set to true."),
            TableColumn.Str("TokenRequests", "tokenRequests indicates the CSI driver needs pods' service account tokens it is mounting volume for to do necessary authentication. Kubelet will pass the tokens in VolumeContext in the CSI NodePublishVolume calls."),
            TableColumn.Bool("RequiresRepublish", "requiresRepublish indicates the CSI driver wants `NodePublishVolume` being periodically called to reflect any possible change in the mounted volume. This field defaults to false."),
            TableColumn.Str("Modes", "volumeLifecycleModes defines what kind of volumes this CSI volume driver supports. The default if the list is empty is \"Persistent\", which is the usage defined by the CSI specification and implemented in Kubernetes via the usual PV/PVC mechanism."),
            TableColumn.AgeColumn)
    {
    }

    protected override void Print(CSIDriver obj, TableRowBuilder row)
    {
        var spec = obj.Spec;
        var modes = spec.VolumeLifecycleModes is { Count: > 0 } list ? string.Join(',', list) : "";
        var tokenRequests = "<unset>";
        if (spec.TokenRequests is { } requests)
        {
            var audiences = new string[requests.Count];
            for (var i = 0; i < requests.Count; i++)
            {
                audiences[i] = requests[i].Audience;
            }
            tokenRequests = string.Join(',', audiences);
        }
        row.String(obj.Metadata.Name);
        row.Boolean(spec.AttachRequired ?? true);
        row.Boolean(spec.PodInfoOnMount ?? false);
        row.Boolean(spec.StorageCapacity ?? false);
        row.String(tokenRequests);
        row.Boolean(spec.RequiresRepublish ?? false);
        row.StringOrNone(modes);
        row.Age(obj.Metadata.CreationTimestamp);
    }
}
