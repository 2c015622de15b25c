using Stagecast.Contracts.Media;

namespace Stagecast.Grains.Media;

/// <summary>Persisted so that a silo failure does not make a live room's HLS unreachable from other gateways.</summary>
public sealed class HlsOriginGrain(
    [PersistentState("hls-origin", "store")] IPersistentState<HlsOriginState> state,
    TimeProvider clock) : Grain, IHlsOriginGrain
{
    public async Task SetOrigin(string baseUrl)
    {
        if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException("baseUrl must be an absolute http(s) URL.", nameof(baseUrl));
        }
        if (state.State.BaseUrl == baseUrl)
        {
            return;
        }
        state.State = new HlsOriginState { BaseUrl = baseUrl, Since = clock.GetUtcNow() };
        await state.WriteStateAsync();
    }

    public async Task ClearOrigin(string baseUrl)
    {
        if (state.State.BaseUrl != baseUrl)
        {
            return;
        }
        state.State = new HlsOriginState();
        await state.WriteStateAsync();
    }

    public Task<string?> GetOrigin() => Task.FromResult(state.State.BaseUrl);
}
