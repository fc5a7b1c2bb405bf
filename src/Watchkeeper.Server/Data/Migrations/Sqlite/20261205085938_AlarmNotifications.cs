using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Watchkeeper.Server.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AlarmNotifications : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "close_reason",
                table: "alarms",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "closed_at",
                table: "alarms",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "closed_by",
                table: "alarms",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "escalation_step",
                table: "alarms",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "incident_id",
                table: "alarms",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "is_flapping",
                table: "alarms",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "suppression",
                table: "alarms",
                type: "TEXT",
                maxLength: 24,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "suppression_reason",
                table: "alarms",
                type: "TEXT",
                maxLength: 500,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "alarm_incidents",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    organization_id = table.Column<long>(type: "INTEGER", nullable: false),
                    title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    opened_at = table.Column<long>(type: "INTEGER", nullable: false),
                    ended_at = table.Column<long>(type: "INTEGER", nullable: true),
                    alarm_count = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_alarm_incidents", x => x.id);
                    table.ForeignKey(
                        name: "fk_alarm_incidents_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "alarm_links",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    alarm_id = table.Column<long>(type: "INTEGER", nullable: false),
                    linked_alarm_id = table.Column<long>(type: "INTEGER", nullable: false),
                    created_by = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_alarm_links", x => x.id);
                    table.ForeignKey(
                        name: "fk_alarm_links_alarms_alarm_id",
                        column: x => x.alarm_id,
                        principalTable: "alarms",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_alarm_links_alarms_linked_alarm_id",
                        column: x => x.linked_alarm_id,
                        principalTable: "alarms",
                        principalColumn: "id");
                });

            migrationBuilder.CreateTable(
                name: "notification_channels",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    protected_settings = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    rate_limit_per_minute = table.Column<int>(type: "INTEGER", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_notification_channels", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "notification_deliveries",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    channel_id = table.Column<long>(type: "INTEGER", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    recipient = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    address = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    subject = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    text = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    html = table.Column<string>(type: "TEXT", maxLength: 60000, nullable: true),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    next_attempt_at = table.Column<long>(type: "INTEGER", nullable: false),
                    sent_at = table.Column<long>(type: "INTEGER", nullable: true),
                    last_error = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    rule_id = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_notification_deliveries", x => x.id);
                    table.ForeignKey(
                        name: "fk_notification_deliveries_notification_channels_channel_id",
                        column: x => x.channel_id,
                        principalTable: "notification_channels",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "notification_delivery_alarms",
                columns: table => new
                {
                    delivery_id = table.Column<long>(type: "INTEGER", nullable: false),
                    alarm_id = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_notification_delivery_alarms", x => new { x.delivery_id, x.alarm_id });
                    table.ForeignKey(
                        name: "fk_notification_delivery_alarms_alarms_alarm_id",
                        column: x => x.alarm_id,
                        principalTable: "alarms",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_notification_delivery_alarms_notification_deliveries_delivery_id",
                        column: x => x.delivery_id,
                        principalTable: "notification_deliveries",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_alarms_incident_id",
                table: "alarms",
                column: "incident_id");

            migrationBuilder.CreateIndex(
                name: "ix_alarm_incidents_organization_id_ended_at",
                table: "alarm_incidents",
                columns: new[] { "organization_id", "ended_at" });

            migrationBuilder.CreateIndex(
                name: "ix_alarm_links_alarm_id_linked_alarm_id",
                table: "alarm_links",
                columns: new[] { "alarm_id", "linked_alarm_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_alarm_links_linked_alarm_id",
                table: "alarm_links",
                column: "linked_alarm_id");

            migrationBuilder.CreateIndex(
                name: "ix_notification_channels_name",
                table: "notification_channels",
                column: "name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_notification_deliveries_channel_id",
                table: "notification_deliveries",
                column: "channel_id");

            migrationBuilder.CreateIndex(
                name: "ix_notification_deliveries_created_at",
                table: "notification_deliveries",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "ix_notification_deliveries_status_next_attempt_at",
                table: "notification_deliveries",
                columns: new[] { "status", "next_attempt_at" });

            migrationBuilder.CreateIndex(
                name: "ix_notification_delivery_alarms_alarm_id",
                table: "notification_delivery_alarms",
                column: "alarm_id");

            migrationBuilder.AddForeignKey(
                name: "fk_alarms_alarm_incidents_incident_id",
                table: "alarms",
                column: "incident_id",
                principalTable: "alarm_incidents",
                principalColumn: "id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_alarms_alarm_incidents_incident_id",
                table: "alarms");

            migrationBuilder.DropTable(
                name: "alarm_incidents");

            migrationBuilder.DropTable(
                name: "alarm_links");

            migrationBuilder.DropTable(
                name: "notification_delivery_alarms");

            migrationBuilder.DropTable(
                name: "notification_deliveries");

            migrationBuilder.DropTable(
                name: "notification_channels");

            migrationBuilder.DropIndex(
                name: "ix_alarms_incident_id",
                table: "alarms");

            migrationBuilder.DropColumn(
                name: "close_reason",
                table: "alarms");

            migrationBuilder.DropColumn(
                name: "closed_at",
                table: "alarms");

            migrationBuilder.DropColumn(
                name: "closed_by",
                table: "alarms");

            migrationBuilder.DropColumn(
                name: "escalation_step",
                table: "alarms");

            migrationBuilder.DropColumn(
                name: "incident_id",
                table: "alarms");

            migrationBuilder.DropColumn(
                name: "is_flapping",
                table: "alarms");

            migrationBuilder.DropColumn(
                name: "suppression",
                table: "alarms");

            migrationBuilder.DropColumn(
                name: "suppression_reason",
                table: "alarms");
        }
    }
}
