using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Watchkeeper.Server.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class MaintenanceWindowsAndSilences : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "maintenance_windows",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    start_at = table.Column<long>(type: "INTEGER", nullable: false),
                    end_at = table.Column<long>(type: "INTEGER", nullable: false),
                    recurrence_kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    days_of_week = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    start_time = table.Column<TimeOnly>(type: "TEXT", nullable: true),
                    cron_expression = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    duration_minutes = table.Column<int>(type: "INTEGER", nullable: true),
                    time_zone = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    organization_ids = table.Column<string>(type: "TEXT", maxLength: 10000, nullable: false),
                    device_ids = table.Column<string>(type: "TEXT", maxLength: 10000, nullable: false),
                    device_kinds = table.Column<string>(type: "TEXT", maxLength: 10000, nullable: false),
                    alarm_types = table.Column<string>(type: "TEXT", maxLength: 10000, nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    owner = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    created_by = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_by = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_maintenance_windows", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "silences",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    organization_ids = table.Column<string>(type: "TEXT", maxLength: 10000, nullable: false),
                    device_ids = table.Column<string>(type: "TEXT", maxLength: 10000, nullable: false),
                    device_kinds = table.Column<string>(type: "TEXT", maxLength: 10000, nullable: false),
                    alarm_types = table.Column<string>(type: "TEXT", maxLength: 10000, nullable: false),
                    severities = table.Column<string>(type: "TEXT", maxLength: 10000, nullable: false),
                    start_at = table.Column<long>(type: "INTEGER", nullable: false),
                    end_at = table.Column<long>(type: "INTEGER", nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    created_by = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    expired_at = table.Column<long>(type: "INTEGER", nullable: true),
                    expired_by = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_silences", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_maintenance_windows_end_at",
                table: "maintenance_windows",
                column: "end_at");

            migrationBuilder.CreateIndex(
                name: "ix_maintenance_windows_owner",
                table: "maintenance_windows",
                column: "owner",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_silences_end_at",
                table: "silences",
                column: "end_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "maintenance_windows");

            migrationBuilder.DropTable(
                name: "silences");
        }
    }
}
