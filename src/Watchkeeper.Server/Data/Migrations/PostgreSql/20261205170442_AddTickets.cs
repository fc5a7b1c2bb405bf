using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Watchkeeper.Server.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class AddTickets : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "tickets",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    number = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    description = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false),
                    fault_level = table.Column<int>(type: "integer", nullable: false),
                    category = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    source = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    call_priority = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    organization_id = table.Column<long>(type: "bigint", nullable: false),
                    contract_id = table.Column<long>(type: "bigint", nullable: true),
                    state = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    state_before_pause = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    pause_reason = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: true),
                    assignee_user_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    requester_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    requester_contact = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    requester_user_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    limited_service = table.Column<bool>(type: "boolean", nullable: false),
                    arrival_location = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    cause = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    solution = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    knowledge_article_id = table.Column<long>(type: "bigint", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_by = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    assigned_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    accepted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    arrived_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    restored_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    resolved_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    confirmed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    closed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    closure = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    merged_into_ticket_id = table.Column<long>(type: "bigint", nullable: true),
                    split_from_ticket_id = table.Column<long>(type: "bigint", nullable: true),
                    rating = table.Column<int>(type: "integer", nullable: true),
                    rating_comment = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    terms = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    last_clock_event_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    next_notice_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    next_due_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    is_breached = table.Column<bool>(type: "boolean", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tickets", x => x.id);
                    table.ForeignKey(
                        name: "fk_tickets_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ticket_activities",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ticket_id = table.Column<long>(type: "bigint", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    effective_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    actor = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    action = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    field = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    old_value = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: true),
                    new_value = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: true),
                    note = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    terms = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: true),
                    mark_key = table.Column<string>(type: "character varying(96)", maxLength: 96, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_ticket_activities", x => x.id);
                    table.ForeignKey(
                        name: "fk_ticket_activities_tickets_ticket_id",
                        column: x => x.ticket_id,
                        principalTable: "tickets",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ticket_alarms",
                columns: table => new
                {
                    ticket_id = table.Column<long>(type: "bigint", nullable: false),
                    alarm_id = table.Column<long>(type: "bigint", nullable: false),
                    is_root = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_ticket_alarms", x => new { x.ticket_id, x.alarm_id });
                    table.ForeignKey(
                        name: "fk_ticket_alarms_alarms_alarm_id",
                        column: x => x.alarm_id,
                        principalTable: "alarms",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_ticket_alarms_tickets_ticket_id",
                        column: x => x.ticket_id,
                        principalTable: "tickets",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ticket_devices",
                columns: table => new
                {
                    ticket_id = table.Column<long>(type: "bigint", nullable: false),
                    device_id = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_ticket_devices", x => new { x.ticket_id, x.device_id });
                    table.ForeignKey(
                        name: "fk_ticket_devices_devices_device_id",
                        column: x => x.device_id,
                        principalTable: "devices",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_ticket_devices_tickets_ticket_id",
                        column: x => x.ticket_id,
                        principalTable: "tickets",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_ticket_activities_ticket_id_action",
                table: "ticket_activities",
                columns: new[] { "ticket_id", "action" });

            migrationBuilder.CreateIndex(
                name: "ix_ticket_activities_ticket_id_mark_key",
                table: "ticket_activities",
                columns: new[] { "ticket_id", "mark_key" },
                unique: true,
                filter: "mark_key IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_ticket_alarms_alarm_id",
                table: "ticket_alarms",
                column: "alarm_id");

            migrationBuilder.CreateIndex(
                name: "ix_ticket_devices_device_id",
                table: "ticket_devices",
                column: "device_id");

            migrationBuilder.CreateIndex(
                name: "ix_tickets_assignee_user_id_state",
                table: "tickets",
                columns: new[] { "assignee_user_id", "state" });

            migrationBuilder.CreateIndex(
                name: "ix_tickets_is_breached_state",
                table: "tickets",
                columns: new[] { "is_breached", "state" });

            migrationBuilder.CreateIndex(
                name: "ix_tickets_next_due_at",
                table: "tickets",
                column: "next_due_at");

            migrationBuilder.CreateIndex(
                name: "ix_tickets_next_notice_at",
                table: "tickets",
                column: "next_notice_at");

            migrationBuilder.CreateIndex(
                name: "ix_tickets_number",
                table: "tickets",
                column: "number",
                unique: true,
                filter: "number <> ''");

            migrationBuilder.CreateIndex(
                name: "ix_tickets_organization_id_state",
                table: "tickets",
                columns: new[] { "organization_id", "state" });

            migrationBuilder.CreateIndex(
                name: "ix_tickets_state_call_priority_created_at",
                table: "tickets",
                columns: new[] { "state", "call_priority", "created_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ticket_activities");

            migrationBuilder.DropTable(
                name: "ticket_alarms");

            migrationBuilder.DropTable(
                name: "ticket_devices");

            migrationBuilder.DropTable(
                name: "tickets");
        }
    }
}
