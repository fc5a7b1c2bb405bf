using Microsoft.EntityFrameworkCore.Migrations;

namespace Watchkeeper.Server.Audit;

/// <summary>
/// Database triggers that make the audit log append-only: UPDATE and DELETE on <c>audit_entries</c> fail (and
/// TRUNCATE on PostgreSQL), and the chain head row cannot be deleted. A migration calls
/// <see cref="CreateAppendOnlyTriggers"/> in Up and <see cref="DropAppendOnlyTriggers"/> in Down.
/// </summary>
public static class AuditSchema
{
    public const string RejectUpdateTrigger = "audit_entries_reject_update";
    public const string RejectDeleteTrigger = "audit_entries_reject_delete";
    public const string RejectTruncateTrigger = "audit_entries_reject_truncate";
    public const string KeepHeadTrigger = "audit_chain_head_reject_delete";
    public const string RejectFunction = "audit_reject_change";

    /// <summary>The error text both databases raise, so that a caller can tell the rejection apart.</summary>
    public const string RejectionMessage = "audit log is append-only";

    private const string Entries = AuditEntryConfiguration.Table;
    private const string Head = AuditChainHeadConfiguration.Table;

    public static void CreateAppendOnlyTriggers(MigrationBuilder migrationBuilder)
    {
        if (IsPostgreSql(migrationBuilder))
        {
            migrationBuilder.Sql($"""
                CREATE FUNCTION {RejectFunction}() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION '{RejectionMessage}: % on % rejected', TG_OP, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
                END
                $$;
                """);
            migrationBuilder.Sql($"CREATE TRIGGER {RejectUpdateTrigger} BEFORE UPDATE ON {Entries} FOR EACH ROW EXECUTE FUNCTION {RejectFunction}();");
            migrationBuilder.Sql($"CREATE TRIGGER {RejectDeleteTrigger} BEFORE DELETE ON {Entries} FOR EACH ROW EXECUTE FUNCTION {RejectFunction}();");
            migrationBuilder.Sql($"CREATE TRIGGER {RejectTruncateTrigger} BEFORE TRUNCATE ON {Entries} FOR EACH STATEMENT EXECUTE FUNCTION {RejectFunction}();");
            migrationBuilder.Sql($"CREATE TRIGGER {KeepHeadTrigger} BEFORE DELETE ON {Head} FOR EACH ROW EXECUTE FUNCTION {RejectFunction}();");
            return;
        }

        migrationBuilder.Sql($"CREATE TRIGGER {RejectUpdateTrigger} BEFORE UPDATE ON {Entries} BEGIN SELECT RAISE(ABORT, '{RejectionMessage}: UPDATE on {Entries} rejected'); END;");
        migrationBuilder.Sql($"CREATE TRIGGER {RejectDeleteTrigger} BEFORE DELETE ON {Entries} BEGIN SELECT RAISE(ABORT, '{RejectionMessage}: DELETE on {Entries} rejected'); END;");
        migrationBuilder.Sql($"CREATE TRIGGER {KeepHeadTrigger} BEFORE DELETE ON {Head} BEGIN SELECT RAISE(ABORT, '{RejectionMessage}: DELETE on {Head} rejected'); END;");
    }

    public static void DropAppendOnlyTriggers(MigrationBuilder migrationBuilder)
    {
        if (IsPostgreSql(migrationBuilder))
        {
            migrationBuilder.Sql($"DROP TRIGGER IF EXISTS {RejectUpdateTrigger} ON {Entries};");
            migrationBuilder.Sql($"DROP TRIGGER IF EXISTS {RejectDeleteTrigger} ON {Entries};");
            migrationBuilder.Sql($"DROP TRIGGER IF EXISTS {RejectTruncateTrigger} ON {Entries};");
            migrationBuilder.Sql($"DROP TRIGGER IF EXISTS {KeepHeadTrigger} ON {Head};");
            migrationBuilder.Sql($"DROP FUNCTION IF EXISTS {RejectFunction}();");
            return;
        }

        migrationBuilder.Sql($"DROP TRIGGER IF EXISTS {RejectUpdateTrigger};");
        migrationBuilder.Sql($"DROP TRIGGER IF EXISTS {RejectDeleteTrigger};");
        migrationBuilder.Sql($"DROP TRIGGER IF EXISTS {KeepHeadTrigger};");
    }

    private static bool IsPostgreSql(MigrationBuilder migrationBuilder) =>
        migrationBuilder.ActiveProvider?.Contains("Npgsql", StringComparison.Ordinal) == true;
}
