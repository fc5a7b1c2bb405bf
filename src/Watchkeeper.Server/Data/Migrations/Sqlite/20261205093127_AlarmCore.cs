using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Watchkeeper.Server.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AlarmCore : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "flapping_settles_at",
                table: "alarms",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "severity_rules",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    organization_id = table.Column<long>(type: "INTEGER", nullable: true),
                    device_kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    alarm_type = table.Column<string>(type: "TEXT", maxLength: 48, nullable: true),
                    subject_contains = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    severity = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    priority = table.Column<int>(type: "INTEGER", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_severity_rules", x => x.id);
                    table.ForeignKey(
                        name: "fk_severity_rules_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_severity_rules_name",
                table: "severity_rules",
                column: "name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_severity_rules_organization_id",
                table: "severity_rules",
                column: "organization_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "severity_rules");

            migrationBuilder.DropColumn(
                name: "flapping_settles_at",
                table: "alarms");
        }
    }
}
