namespace Watchkeeper.Server;

/// <summary>Marker type for the console's text resources (Resources/SharedResource*.resx).</summary>
public sealed class SharedResource;
