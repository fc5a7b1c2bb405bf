using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Watchkeeper.Server.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ChangeCatalog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "change_attachments",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    change_request_id = table.Column<long>(type: "INTEGER", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    file_name = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    stored_name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    content_type = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    size_bytes = table.Column<long>(type: "INTEGER", nullable: false),
                    sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    is_firmware_image = table.Column<bool>(type: "INTEGER", nullable: false),
                    uploaded_by_user_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    uploaded_by = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    uploaded_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_change_attachments", x => x.id);
                    table.ForeignKey(
                        name: "fk_change_attachments_change_requests_change_request_id",
                        column: x => x.change_request_id,
                        principalTable: "change_requests",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "change_freeze_periods",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    start_at = table.Column<long>(type: "INTEGER", nullable: false),
                    end_at = table.Column<long>(type: "INTEGER", nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    created_by = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_change_freeze_periods", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "change_templates",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    description = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    category = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    steps = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    rollback_plan = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    risk = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    allowed_device_kinds = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    requires_notice = table.Column<bool>(type: "INTEGER", nullable: false),
                    approved_by = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    approved_at = table.Column<long>(type: "INTEGER", nullable: false),
                    is_active = table.Column<bool>(type: "INTEGER", nullable: false),
                    created_by = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_change_templates", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "change_freeze_organization",
                columns: table => new
                {
                    freeze_period_id = table.Column<long>(type: "INTEGER", nullable: false),
                    organization_id = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_change_freeze_organization", x => new { x.freeze_period_id, x.organization_id });
                    table.ForeignKey(
                        name: "fk_change_freeze_organization_change_freeze_periods_freeze_period_id",
                        column: x => x.freeze_period_id,
                        principalTable: "change_freeze_periods",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_change_freeze_organization_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_change_attachments_change_request_id",
                table: "change_attachments",
                column: "change_request_id");

            migrationBuilder.CreateIndex(
                name: "ix_change_freeze_organization_organization_id",
                table: "change_freeze_organization",
                column: "organization_id");

            migrationBuilder.CreateIndex(
                name: "ix_change_freeze_periods_start_at_end_at",
                table: "change_freeze_periods",
                columns: new[] { "start_at", "end_at" });

            migrationBuilder.CreateIndex(
                name: "ix_change_templates_name",
                table: "change_templates",
                column: "name",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "change_attachments");

            migrationBuilder.DropTable(
                name: "change_freeze_organization");

            migrationBuilder.DropTable(
                name: "change_templates");

            migrationBuilder.DropTable(
                name: "change_freeze_periods");
        }
    }
}
