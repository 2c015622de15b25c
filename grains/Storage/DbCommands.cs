using System.Data.Common;

namespace Stagecast.Grains.Storage;

/// <summary>Parameters on provider-neutral commands (SQLite and Npgsql both bind <c>@name</c>).</summary>
internal static class DbCommands
{
    public static void AddParameter(DbCommand command, string parameterName, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = parameterName;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
