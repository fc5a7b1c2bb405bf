using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Watchkeeper.Server.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RecordingIntegrity : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "recorder_channel",
                table: "devices",
                type: "INTEGER",
                nullable: true);

            // GB/T 28181 video channels created from a catalog carry the probe set Gb28181 only (256). New catalog
            // channels also get the passive recording probe (bit 10), so existing ones get it here (1280).
            migrationBuilder.Sql(
                "UPDATE devices SET probes = 1280 WHERE probes = 256 AND parent_id IS NOT NULL AND kind IN ('Camera', 'Channel') "
                + "AND gb_id IS NOT NULL AND substr(gb_id, 11, 3) IN ('131', '132');");

            migrationBuilder.CreateTable(
                name: "recording_channel_states",
                columns: table => new
                {
                    device_id = table.Column<long>(type: "INTEGER", nullable: false),
                    schedule = table.Column<string>(type: "TEXT", maxLength: 32000, nullable: true),
                    next_check_at = table.Column<long>(type: "INTEGER", nullable: false),
                    last_checked_date = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    last_attempt_at = table.Column<long>(type: "INTEGER", nullable: true),
                    last_failure = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    oldest_recording_at = table.Column<long>(type: "INTEGER", nullable: true),
                    retention_checked_at = table.Column<long>(type: "INTEGER", nullable: true),
                    retention_failure = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_recording_channel_states", x => x.device_id);
                    table.ForeignKey(
                        name: "fk_recording_channel_states_devices_device_id",
                        column: x => x.device_id,
                        principalTable: "devices",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "recording_day_checks",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    device_id = table.Column<long>(type: "INTEGER", nullable: false),
                    date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    source = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    outcome = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    checked_at = table.Column<long>(type: "INTEGER", nullable: false),
                    scheduled_seconds = table.Column<long>(type: "INTEGER", nullable: false),
                    recorded_seconds = table.Column<long>(type: "INTEGER", nullable: false),
                    gap_count = table.Column<int>(type: "INTEGER", nullable: false),
                    longest_gap_seconds = table.Column<long>(type: "INTEGER", nullable: false),
                    segment_count = table.Column<int>(type: "INTEGER", nullable: false),
                    detail = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_recording_day_checks", x => x.id);
                    table.ForeignKey(
                        name: "fk_recording_day_checks_devices_device_id",
                        column: x => x.device_id,
                        principalTable: "devices",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "recording_policies",
                columns: table => new
                {
                    organization_id = table.Column<long>(type: "INTEGER", nullable: false),
                    retention_days = table.Column<int>(type: "INTEGER", nullable: true),
                    schedule = table.Column<string>(type: "TEXT", maxLength: 32000, nullable: true),
                    time_zone_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_recording_policies", x => x.organization_id);
                    table.ForeignKey(
                        name: "fk_recording_policies_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "recorded_spans",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    day_check_id = table.Column<long>(type: "INTEGER", nullable: false),
                    start = table.Column<long>(type: "INTEGER", nullable: false),
                    end = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_recorded_spans", x => x.id);
                    table.ForeignKey(
                        name: "fk_recorded_spans_recording_day_checks_day_check_id",
                        column: x => x.day_check_id,
                        principalTable: "recording_day_checks",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "recording_gaps",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    day_check_id = table.Column<long>(type: "INTEGER", nullable: false),
                    device_id = table.Column<long>(type: "INTEGER", nullable: false),
                    date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    start = table.Column<long>(type: "INTEGER", nullable: false),
                    end = table.Column<long>(type: "INTEGER", nullable: false),
                    duration_seconds = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_recording_gaps", x => x.id);
                    table.ForeignKey(
                        name: "fk_recording_gaps_recording_day_checks_day_check_id",
                        column: x => x.day_check_id,
                        principalTable: "recording_day_checks",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_recorded_spans_day_check_id",
                table: "recorded_spans",
                column: "day_check_id");

            migrationBuilder.CreateIndex(
                name: "ix_recording_channel_states_next_check_at",
                table: "recording_channel_states",
                column: "next_check_at");

            migrationBuilder.CreateIndex(
                name: "ix_recording_day_checks_date",
                table: "recording_day_checks",
                column: "date");

            migrationBuilder.CreateIndex(
                name: "ix_recording_day_checks_device_id_date",
                table: "recording_day_checks",
                columns: new[] { "device_id", "date" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_recording_gaps_day_check_id",
                table: "recording_gaps",
                column: "day_check_id");

            migrationBuilder.CreateIndex(
                name: "ix_recording_gaps_device_id_date",
                table: "recording_gaps",
                columns: new[] { "device_id", "date" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "recorded_spans");

            migrationBuilder.DropTable(
                name: "recording_channel_states");

            migrationBuilder.DropTable(
                name: "recording_gaps");

            migrationBuilder.DropTable(
                name: "recording_policies");

            migrationBuilder.DropTable(
                name: "recording_day_checks");

            migrationBuilder.DropColumn(
                name: "recorder_channel",
                table: "devices");
        }
    }
}
