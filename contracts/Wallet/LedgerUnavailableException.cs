namespace Stagecast.Contracts.Wallet;

/// <summary>The ledger's database could not be reached or did not confirm a commit: retry the same request id shortly.</summary>
[GenerateSerializer, Alias("Stagecast.LedgerUnavailable")]
public sealed class LedgerUnavailableException : Exception
{
    public LedgerUnavailableException()
        : base("The ledger's database is unavailable; retry with the same request id in a moment.")
    {
    }

    public LedgerUnavailableException(string message)
        : base(message)
    {
    }

    public LedgerUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
