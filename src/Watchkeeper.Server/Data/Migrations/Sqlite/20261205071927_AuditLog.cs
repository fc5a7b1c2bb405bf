using Microsoft.EntityFrameworkCore.Migrations;
using Watchkeeper.Server.Audit;

#nullable disable

namespace Watchkeeper.Server.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AuditLog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "audit_chain_head",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false),
                    last_id = table.Column<long>(type: "INTEGER", nullable: false),
                    last_hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_chain_head", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "audit_entries",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false),
                    at = table.Column<long>(type: "INTEGER", nullable: false),
                    user_id = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    user_name = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    channel = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    remote_address = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    action = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    entity_type = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    entity_id = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    summary = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    before = table.Column<string>(type: "TEXT", nullable: true),
                    after = table.Column<string>(type: "TEXT", nullable: true),
                    outcome = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    previous_hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_entries", x => x.id);
                });

            migrationBuilder.InsertData(
                table: "audit_chain_head",
                columns: new[] { "id", "last_hash", "last_id" },
                values: new object[] { 1, "0000000000000000000000000000000000000000000000000000000000000000", 0L });

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_action_at",
                table: "audit_entries",
                columns: new[] { "action", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_at",
                table: "audit_entries",
                column: "at");

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_entity_type_at",
                table: "audit_entries",
                columns: new[] { "entity_type", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_user_id_at",
                table: "audit_entries",
                columns: new[] { "user_id", "at" });

            AuditSchema.CreateAppendOnlyTriggers(migrationBuilder);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            AuditSchema.DropAppendOnlyTriggers(migrationBuilder);

            migrationBuilder.DropTable(
                name: "audit_chain_head");

            migrationBuilder.DropTable(
                name: "audit_entries");
        }
    }
}
