using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Watchkeeper.Server.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Diagnosis : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "diagnosis_due",
                columns: table => new
                {
                    device_id = table.Column<long>(type: "INTEGER", nullable: false),
                    due_at = table.Column<long>(type: "INTEGER", nullable: false),
                    last_started_at = table.Column<long>(type: "INTEGER", nullable: true),
                    last_completed_at = table.Column<long>(type: "INTEGER", nullable: true),
                    manual_requested_at = table.Column<long>(type: "INTEGER", nullable: true),
                    take_reference = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_diagnosis_due", x => x.device_id);
                    table.ForeignKey(
                        name: "fk_diagnosis_due_devices_device_id",
                        column: x => x.device_id,
                        principalTable: "devices",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "diagnosis_plans",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    organization_id = table.Column<long>(type: "INTEGER", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    camera_scope = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    device_kinds = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    device_ids = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    checks = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    sensitivities = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    schedule_mode = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    interval_minutes = table.Column<int>(type: "INTEGER", nullable: false),
                    times_of_day = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    time_zone = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    night_start = table.Column<TimeOnly>(type: "TEXT", nullable: true),
                    night_end = table.Column<TimeOnly>(type: "TEXT", nullable: true),
                    night_skips_brightness_checks = table.Column<bool>(type: "INTEGER", nullable: false),
                    night_sensitivities = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    frame_count = table.Column<int>(type: "INTEGER", nullable: false),
                    frame_interval_milliseconds = table.Column<int>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_by = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_diagnosis_plans", x => x.id);
                    table.ForeignKey(
                        name: "fk_diagnosis_plans_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "diagnosis_results",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    device_id = table.Column<long>(type: "INTEGER", nullable: false),
                    plan_id = table.Column<long>(type: "INTEGER", nullable: true),
                    trigger = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    started_at = table.Column<long>(type: "INTEGER", nullable: false),
                    completed_at = table.Column<long>(type: "INTEGER", nullable: false),
                    source = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    failure_reason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    detected_count = table.Column<int>(type: "INTEGER", nullable: false),
                    frame_count = table.Column<int>(type: "INTEGER", nullable: false),
                    frame_width = table.Column<int>(type: "INTEGER", nullable: true),
                    frame_height = table.Column<int>(type: "INTEGER", nullable: true),
                    reference_image_id = table.Column<long>(type: "INTEGER", nullable: true),
                    grab_milliseconds = table.Column<int>(type: "INTEGER", nullable: false),
                    analysis_milliseconds = table.Column<int>(type: "INTEGER", nullable: false),
                    thumbnail_path = table.Column<string>(type: "TEXT", maxLength: 512, nullable: true),
                    evidence_path = table.Column<string>(type: "TEXT", maxLength: 512, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_diagnosis_results", x => x.id);
                    table.ForeignKey(
                        name: "fk_diagnosis_results_devices_device_id",
                        column: x => x.device_id,
                        principalTable: "devices",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "reference_images",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    device_id = table.Column<long>(type: "INTEGER", nullable: false),
                    preset_number = table.Column<int>(type: "INTEGER", nullable: true),
                    file_path = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    width = table.Column<int>(type: "INTEGER", nullable: false),
                    height = table.Column<int>(type: "INTEGER", nullable: false),
                    taken_at = table.Column<long>(type: "INTEGER", nullable: false),
                    taken_by = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    source_result_id = table.Column<long>(type: "INTEGER", nullable: true),
                    is_current = table.Column<bool>(type: "INTEGER", nullable: false),
                    retired_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_reference_images", x => x.id);
                    table.ForeignKey(
                        name: "fk_reference_images_devices_device_id",
                        column: x => x.device_id,
                        principalTable: "devices",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "diagnosis_findings",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    result_id = table.Column<long>(type: "INTEGER", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    detected = table.Column<bool>(type: "INTEGER", nullable: false),
                    score = table.Column<double>(type: "REAL", nullable: false),
                    region_x = table.Column<int>(type: "INTEGER", nullable: true),
                    region_y = table.Column<int>(type: "INTEGER", nullable: true),
                    region_width = table.Column<int>(type: "INTEGER", nullable: true),
                    region_height = table.Column<int>(type: "INTEGER", nullable: true),
                    detail = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_diagnosis_findings", x => x.id);
                    table.ForeignKey(
                        name: "fk_diagnosis_findings_diagnosis_results_result_id",
                        column: x => x.result_id,
                        principalTable: "diagnosis_results",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_diagnosis_due_due_at",
                table: "diagnosis_due",
                column: "due_at");

            migrationBuilder.CreateIndex(
                name: "ix_diagnosis_findings_kind_detected",
                table: "diagnosis_findings",
                columns: new[] { "kind", "detected" });

            migrationBuilder.CreateIndex(
                name: "ix_diagnosis_findings_result_id",
                table: "diagnosis_findings",
                column: "result_id");

            migrationBuilder.CreateIndex(
                name: "ix_diagnosis_plans_organization_id",
                table: "diagnosis_plans",
                column: "organization_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_diagnosis_results_completed_at",
                table: "diagnosis_results",
                column: "completed_at");

            migrationBuilder.CreateIndex(
                name: "ix_diagnosis_results_device_id_completed_at",
                table: "diagnosis_results",
                columns: new[] { "device_id", "completed_at" });

            migrationBuilder.CreateIndex(
                name: "ix_reference_images_device_id_is_current",
                table: "reference_images",
                columns: new[] { "device_id", "is_current" });

            migrationBuilder.CreateIndex(
                name: "ix_reference_images_device_id_taken_at",
                table: "reference_images",
                columns: new[] { "device_id", "taken_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "diagnosis_due");

            migrationBuilder.DropTable(
                name: "diagnosis_findings");

            migrationBuilder.DropTable(
                name: "diagnosis_plans");

            migrationBuilder.DropTable(
                name: "reference_images");

            migrationBuilder.DropTable(
                name: "diagnosis_results");
        }
    }
}
