namespace KubeSharp.ApiServer.Registry;

/// <summary>The event types of the watch API.</summary>
public enum ApiWatchEventType
{
    Added,
    Modified,
    Deleted,
    Bookmark,
    Error,
}
