namespace Stagecast.Gateway.Videos;

/// <summary>An upload written to the staging directory, not yet probed or stored.</summary>
public sealed record StagedUpload(string Path, string Caption, long Bytes);
