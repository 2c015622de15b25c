using Stagecast.Contracts.Wallet;
using Stagecast.Grains.Wallet;

namespace Stagecast.Grains.Ledger;

/// <summary>A verified payment event being applied to one user's purchase, inside the ledger batch's transaction.</summary>
internal sealed record PaymentFact(LedgerBatch Batch, string UserId, PaymentSignal Signal, EconomyOptions Economy);
