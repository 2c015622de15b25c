namespace Stagecast.Grains.Ledger;

/// <summary>Stores the provider's checkout session id on a purchase, so its webhook events find it.</summary>
public sealed class AttachCheckoutCommand(string userId, string purchaseId, string sessionId) : LedgerCommand
{
    public override string? Key => null;

    public override string? Shard => userId;

    public override async Task<object> ExecuteAsync(LedgerBatch batch)
    {
        await using var command = batch.Command("UPDATE ledger_purchase SET session_id = @s WHERE purchase_id = @id AND user_id = @u");
        LedgerBatch.Add(command, "@s", sessionId);
        LedgerBatch.Add(command, "@id", purchaseId);
        LedgerBatch.Add(command, "@u", userId);
        return await command.ExecuteNonQueryAsync();
    }
}
