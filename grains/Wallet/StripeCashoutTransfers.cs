using System.Net;
using Microsoft.Extensions.Logging;
using Stripe;

namespace Stagecast.Grains.Wallet;

/// <summary>
/// Cash-out transfers through Stripe.net with the key <c>cashout:{cashoutId}</c>, so every retry is the same
/// request to Stripe and can never pay twice. Before a retry it looks for a transfer already made for the cash-out
/// (transfer_group = cash-out id), which also covers a retry after Stripe pruned the key (24 h). The SDK's own
/// retries are off: each attempt is one request, and the grain decides when to try again.
/// </summary>
public sealed class StripeCashoutTransfers(string secretKey, string? apiBase, string currency, TimeSpan timeout, ILogger logger) : ICashoutTransfers
{
    private readonly StripeClient _client = new(
        secretKey,
        httpClient: new SystemNetHttpClient(new HttpClient { Timeout = timeout }, maxNetworkRetries: 0),
        apiBase: string.IsNullOrWhiteSpace(apiBase) ? null : apiBase,
        connectBase: string.IsNullOrWhiteSpace(apiBase) ? null : apiBase);

    public async Task<TransferResult> TransferAsync(TransferOrder order, CancellationToken ct)
    {
        var service = new TransferService(_client);
        try
        {
            if (order.Retry)
            {
                var existing = await service.ListAsync(new TransferListOptions { TransferGroup = order.CashoutId, Limit = 1 }, null, ct);
                if (existing.Data.FirstOrDefault() is { } made)
                {
                    return new TransferResult(TransferResultKind.Paid, made.Id, null);
                }
            }
            var transfer = await service.CreateAsync(new TransferCreateOptions
            {
                Amount = order.Cents,
                Currency = currency,
                Destination = order.AccountId,
                TransferGroup = order.CashoutId,
                Metadata = new Dictionary<string, string> { ["cashout_id"] = order.CashoutId, ["user_id"] = order.UserId },
            }, new RequestOptions { IdempotencyKey = $"cashout:{order.CashoutId}" }, ct);
            return new TransferResult(TransferResultKind.Paid, transfer.Id, null);
        }
        catch (StripeException ex) when (ex.HttpStatusCode is HttpStatusCode.BadRequest or HttpStatusCode.PaymentRequired or HttpStatusCode.Forbidden or HttpStatusCode.NotFound)
        {
            // A definite refusal (insufficient platform balance, account not payable): the reservation is voided.
            logger.LogWarning("Transfer for cash-out {CashoutId} refused: {Error}", order.CashoutId, ex.StripeError?.Message ?? ex.Message);
            return new TransferResult(TransferResultKind.Refused, null, ex.StripeError?.Code ?? ex.Message);
        }
        catch (Exception ex) when (ex is StripeException or HttpRequestException or TaskCanceledException or TimeoutException or IOException)
        {
            // 5xx, 409/429, timeouts and broken connections say nothing definite: the same request is tried again later.
            var reason = ex is StripeException { HttpStatusCode: var status } && (int)status > 0 ? $"http {(int)status}" : ex.GetType().Name;
            logger.LogWarning("Transfer for cash-out {CashoutId} has no definite result ({Reason}); it will be retried", order.CashoutId, reason);
            return new TransferResult(TransferResultKind.Unknown, null, reason);
        }
    }
}
