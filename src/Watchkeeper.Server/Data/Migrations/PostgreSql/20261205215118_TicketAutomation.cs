using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Watchkeeper.Server.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class TicketAutomation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "engineer_skills",
                columns: table => new
                {
                    user_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    category = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_engineer_skills", x => new { x.user_id, x.category });
                    table.ForeignKey(
                        name: "fk_engineer_skills_asp_net_users_user_id",
                        column: x => x.user_id,
                        principalTable: "AspNetUsers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ticket_rules",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    enabled = table.Column<bool>(type: "boolean", nullable: false),
                    organization_id = table.Column<long>(type: "bigint", nullable: true),
                    device_kinds = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    alarm_types = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    min_severity = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    delay_minutes = table.Column<int>(type: "integer", nullable: false),
                    category = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    fault_level = table.Column<int>(type: "integer", nullable: true),
                    auto_assign = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_ticket_rules", x => x.id);
                    table.ForeignKey(
                        name: "fk_ticket_rules_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ticket_alarm_origins",
                columns: table => new
                {
                    alarm_id = table.Column<long>(type: "bigint", nullable: false),
                    ticket_id = table.Column<long>(type: "bigint", nullable: false),
                    rule_id = table.Column<long>(type: "bigint", nullable: true),
                    opened_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    recovery_logged_for = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_ticket_alarm_origins", x => x.alarm_id);
                    table.ForeignKey(
                        name: "fk_ticket_alarm_origins_alarms_alarm_id",
                        column: x => x.alarm_id,
                        principalTable: "alarms",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_ticket_alarm_origins_ticket_rules_rule_id",
                        column: x => x.rule_id,
                        principalTable: "ticket_rules",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_ticket_alarm_origins_tickets_ticket_id",
                        column: x => x.ticket_id,
                        principalTable: "tickets",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_ticket_alarm_origins_rule_id",
                table: "ticket_alarm_origins",
                column: "rule_id");

            migrationBuilder.CreateIndex(
                name: "ix_ticket_alarm_origins_ticket_id",
                table: "ticket_alarm_origins",
                column: "ticket_id");

            migrationBuilder.CreateIndex(
                name: "ix_ticket_rules_name",
                table: "ticket_rules",
                column: "name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_ticket_rules_organization_id",
                table: "ticket_rules",
                column: "organization_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "engineer_skills");

            migrationBuilder.DropTable(
                name: "ticket_alarm_origins");

            migrationBuilder.DropTable(
                name: "ticket_rules");
        }
    }
}
