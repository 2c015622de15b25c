namespace Stagecast.Contracts.Moderation;

/// <summary>The operators granted by other operators (one grain, key "platform"); configured operators are added by the gateway.</summary>
[Alias("Stagecast.IOperatorRosterGrain")]
public interface IOperatorRosterGrain : IGrainWithStringKey
{
    /// <summary>True when the user was granted the operator role.</summary>
    [Alias("IsOperator")]
    Task<bool> IsOperator(string userId);

    /// <summary>Grants or withdraws the role.</summary>
    [Alias("Set")]
    Task Set(string userId, bool isOperator);

    /// <summary>The granted operators.</summary>
    [Alias("List")]
    Task<IReadOnlyList<string>> List();
}
