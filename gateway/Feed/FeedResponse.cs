namespace Stagecast.Gateway.Feed;

/// <summary>GET /api/feed: a page of items and the cursor for the next one.</summary>
public sealed record FeedResponse(IReadOnlyList<FeedItem> Items, string Cursor);
