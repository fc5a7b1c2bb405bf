using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Watchkeeper.Server.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class NotificationRouting : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "alarm_routing_states",
                columns: table => new
                {
                    alarm_id = table.Column<long>(type: "bigint", nullable: false),
                    firing_routed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    resolved_routed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    escalation_rule_id = table.Column<long>(type: "bigint", nullable: true),
                    escalation_policy_id = table.Column<long>(type: "bigint", nullable: true),
                    escalation_started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    next_escalation_step = table.Column<int>(type: "integer", nullable: false),
                    next_escalation_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_alarm_routing_states", x => x.alarm_id);
                    table.ForeignKey(
                        name: "fk_alarm_routing_states_alarms_alarm_id",
                        column: x => x.alarm_id,
                        principalTable: "alarms",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "business_calendars",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    time_zone = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    working_hours = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    holidays = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false),
                    make_up_working_days = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_business_calendars", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "receiver_groups",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    user_ids = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_receiver_groups", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "escalation_policies",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    use_working_time = table.Column<bool>(type: "boolean", nullable: false),
                    calendar_id = table.Column<long>(type: "bigint", nullable: true),
                    steps = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_escalation_policies", x => x.id);
                    table.ForeignKey(
                        name: "fk_escalation_policies_business_calendars_calendar_id",
                        column: x => x.calendar_id,
                        principalTable: "business_calendars",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "notification_rules",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    position = table.Column<int>(type: "integer", nullable: false),
                    enabled = table.Column<bool>(type: "boolean", nullable: false),
                    severities = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    organization_id = table.Column<long>(type: "bigint", nullable: true),
                    device_kinds = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    alarm_types = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    channel_ids = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    user_ids = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false),
                    group_ids = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    duty_roster = table.Column<bool>(type: "boolean", nullable: false),
                    time_condition = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    calendar_id = table.Column<long>(type: "bigint", nullable: true),
                    quiet_hours_start = table.Column<TimeOnly>(type: "time without time zone", nullable: true),
                    quiet_hours_end = table.Column<TimeOnly>(type: "time without time zone", nullable: true),
                    group_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    group_wait_seconds = table.Column<int>(type: "integer", nullable: false),
                    group_interval_seconds = table.Column<int>(type: "integer", nullable: false),
                    repeat_interval_seconds = table.Column<int>(type: "integer", nullable: false),
                    @continue = table.Column<bool>(name: "continue", type: "boolean", nullable: false),
                    escalation_policy_id = table.Column<long>(type: "bigint", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_notification_rules", x => x.id);
                    table.ForeignKey(
                        name: "fk_notification_rules_business_calendars_calendar_id",
                        column: x => x.calendar_id,
                        principalTable: "business_calendars",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_notification_rules_escalation_policies_escalation_policy_id",
                        column: x => x.escalation_policy_id,
                        principalTable: "escalation_policies",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_notification_rules_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "notification_groups",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    rule_id = table.Column<long>(type: "bigint", nullable: false),
                    channel_id = table.Column<long>(type: "bigint", nullable: false),
                    group_key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    due_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_notification_groups", x => x.id);
                    table.ForeignKey(
                        name: "fk_notification_groups_notification_channels_channel_id",
                        column: x => x.channel_id,
                        principalTable: "notification_channels",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_notification_groups_notification_rules_rule_id",
                        column: x => x.rule_id,
                        principalTable: "notification_rules",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "notification_group_alarms",
                columns: table => new
                {
                    group_id = table.Column<long>(type: "bigint", nullable: false),
                    alarm_id = table.Column<long>(type: "bigint", nullable: false),
                    joined_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    notified_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_notification_group_alarms", x => new { x.group_id, x.alarm_id });
                    table.ForeignKey(
                        name: "fk_notification_group_alarms_alarms_alarm_id",
                        column: x => x.alarm_id,
                        principalTable: "alarms",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_notification_group_alarms_notification_groups_group_id",
                        column: x => x.group_id,
                        principalTable: "notification_groups",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.InsertData(
                table: "business_calendars",
                columns: new[] { "id", "created_at", "holidays", "make_up_working_days", "name", "time_zone", "updated_at", "working_hours" },
                values: new object[] { 1L, new DateTimeOffset(new DateTime(2026, 12, 5, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), "[]", "[]", "默认工作日历", "Asia/Shanghai", new DateTimeOffset(new DateTime(2026, 12, 5, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), "[{\"day\":\"Monday\",\"start\":\"09:00:00\",\"end\":\"18:00:00\"},{\"day\":\"Tuesday\",\"start\":\"09:00:00\",\"end\":\"18:00:00\"},{\"day\":\"Wednesday\",\"start\":\"09:00:00\",\"end\":\"18:00:00\"},{\"day\":\"Thursday\",\"start\":\"09:00:00\",\"end\":\"18:00:00\"},{\"day\":\"Friday\",\"start\":\"09:00:00\",\"end\":\"18:00:00\"}]" });

            migrationBuilder.CreateIndex(
                name: "ix_alarm_routing_states_next_escalation_at",
                table: "alarm_routing_states",
                column: "next_escalation_at");

            migrationBuilder.CreateIndex(
                name: "ix_business_calendars_name",
                table: "business_calendars",
                column: "name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_escalation_policies_calendar_id",
                table: "escalation_policies",
                column: "calendar_id");

            migrationBuilder.CreateIndex(
                name: "ix_escalation_policies_name",
                table: "escalation_policies",
                column: "name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_notification_group_alarms_alarm_id",
                table: "notification_group_alarms",
                column: "alarm_id");

            migrationBuilder.CreateIndex(
                name: "ix_notification_groups_channel_id",
                table: "notification_groups",
                column: "channel_id");

            migrationBuilder.CreateIndex(
                name: "ix_notification_groups_due_at",
                table: "notification_groups",
                column: "due_at");

            migrationBuilder.CreateIndex(
                name: "ix_notification_groups_rule_id_channel_id_group_key",
                table: "notification_groups",
                columns: new[] { "rule_id", "channel_id", "group_key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_notification_rules_calendar_id",
                table: "notification_rules",
                column: "calendar_id");

            migrationBuilder.CreateIndex(
                name: "ix_notification_rules_escalation_policy_id",
                table: "notification_rules",
                column: "escalation_policy_id");

            migrationBuilder.CreateIndex(
                name: "ix_notification_rules_name",
                table: "notification_rules",
                column: "name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_notification_rules_organization_id",
                table: "notification_rules",
                column: "organization_id");

            migrationBuilder.CreateIndex(
                name: "ix_notification_rules_position",
                table: "notification_rules",
                column: "position");

            migrationBuilder.CreateIndex(
                name: "ix_receiver_groups_name",
                table: "receiver_groups",
                column: "name",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "alarm_routing_states");

            migrationBuilder.DropTable(
                name: "notification_group_alarms");

            migrationBuilder.DropTable(
                name: "receiver_groups");

            migrationBuilder.DropTable(
                name: "notification_groups");

            migrationBuilder.DropTable(
                name: "notification_rules");

            migrationBuilder.DropTable(
                name: "escalation_policies");

            migrationBuilder.DropTable(
                name: "business_calendars");
        }
    }
}
