using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace Watchkeeper.Server.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class ServiceContracts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "fault_levels",
                columns: table => new
                {
                    level = table.Column<int>(type: "integer", nullable: false),
                    name_zh = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    name_en = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    description_zh = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    description_en = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    device_kinds = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    min_affected_cameras = table.Column<int>(type: "integer", nullable: true),
                    site_outage = table.Column<bool>(type: "boolean", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_fault_levels", x => x.level);
                });

            migrationBuilder.CreateTable(
                name: "service_contracts",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    number = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    organization_id = table.Column<long>(type: "bigint", nullable: false),
                    start_date = table.Column<DateOnly>(type: "date", nullable: false),
                    end_date = table.Column<DateOnly>(type: "date", nullable: false),
                    warranty_end_date = table.Column<DateOnly>(type: "date", nullable: true),
                    level = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    project_manager_user_id = table.Column<string>(type: "text", nullable: true),
                    resident_engineer_user_ids = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false),
                    contacts = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false),
                    notes = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_service_contracts", x => x.id);
                    table.ForeignKey(
                        name: "fk_service_contracts_asp_net_users_project_manager_user_id",
                        column: x => x.project_manager_user_id,
                        principalTable: "AspNetUsers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_service_contracts_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "sla_policies",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:IdentitySequenceOptions", "'1000', '1', '', '', 'False', '1'")
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    kind = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    contract_id = table.Column<long>(type: "bigint", nullable: true),
                    fault_level = table.Column<int>(type: "integer", nullable: false),
                    targets = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    warning_percents = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    warning_notify = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    breach_notify = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    steps = table.Column<string>(type: "character varying(16000)", maxLength: 16000, nullable: false),
                    next_step_id = table.Column<int>(type: "integer", nullable: false),
                    unassigned_notify = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    unaccepted_notify = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sla_policies", x => x.id);
                    table.ForeignKey(
                        name: "fk_sla_policies_service_contracts_contract_id",
                        column: x => x.contract_id,
                        principalTable: "service_contracts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.InsertData(
                table: "fault_levels",
                columns: new[] { "level", "description_en", "description_zh", "device_kinds", "min_affected_cameras", "name_en", "name_zh", "site_outage", "updated_at" },
                values: new object[,]
                {
                    { 1, "The platform or a whole site is down: a server or storage fault, or every device of a site offline.", "平台或整个站点瘫痪：服务器、存储故障或站点全部离线。", "[\"Server\",\"Storage\"]", null, "Level 1", "一级", true, new DateTimeOffset(new DateTime(2026, 12, 5, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)) },
                    { 2, "A recorder or core switch fault, or at least 10 cameras of one site down.", "录像机、核心交换机故障，或同一站点至少 10 路摄像机中断。", "[\"Recorder\"]", 10, "Level 2", "二级", false, new DateTimeOffset(new DateTime(2026, 12, 5, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)) },
                    { 3, "A single camera fault or a partial function failure.", "单路摄像机故障或部分功能异常。", "[\"Camera\",\"Channel\",\"Encoder\",\"Switch\",\"AlarmInput\"]", 1, "Level 3", "三级", false, new DateTimeOffset(new DateTime(2026, 12, 5, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)) },
                    { 4, "A consultation or general question that does not affect service.", "咨询或一般性问题，不影响业务。", "[]", null, "Level 4", "四级", false, new DateTimeOffset(new DateTime(2026, 12, 5, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)) }
                });

            migrationBuilder.InsertData(
                table: "sla_policies",
                columns: new[] { "id", "breach_notify", "contract_id", "fault_level", "kind", "next_step_id", "steps", "targets", "unaccepted_notify", "unassigned_notify", "updated_at", "warning_notify", "warning_percents" },
                values: new object[,]
                {
                    { 1L, "[\"assignee\",\"teamLead\"]", null, 1, "Default", 4, "[{\"id\":1,\"clock\":\"Response\",\"percent\":100,\"afterMinutes\":0,\"notify\":[\"teamLead\"],\"raiseLevel\":false},{\"id\":2,\"clock\":\"Restoration\",\"percent\":100,\"afterMinutes\":0,\"notify\":[\"projectManager\"],\"raiseLevel\":false},{\"id\":3,\"clock\":\"Restoration\",\"percent\":100,\"afterMinutes\":120,\"notify\":[\"projectManager\",\"residentEngineers\"],\"raiseLevel\":false}]", "[{\"clock\":\"Response\",\"minutes\":15,\"calendarId\":null},{\"clock\":\"Arrival\",\"minutes\":120,\"calendarId\":null},{\"clock\":\"Restoration\",\"minutes\":240,\"calendarId\":null},{\"clock\":\"Resolution\",\"minutes\":1440,\"calendarId\":null},{\"clock\":\"Assignment\",\"minutes\":10,\"calendarId\":null},{\"clock\":\"Acceptance\",\"minutes\":15,\"calendarId\":null}]", "[\"duty\",\"teamLead\"]", "[\"duty\"]", new DateTimeOffset(new DateTime(2026, 12, 5, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), "[\"assignee\"]", "[75,90]" },
                    { 2L, "[\"assignee\",\"teamLead\"]", null, 2, "Default", 3, "[{\"id\":1,\"clock\":\"Response\",\"percent\":100,\"afterMinutes\":0,\"notify\":[\"teamLead\"],\"raiseLevel\":false},{\"id\":2,\"clock\":\"Restoration\",\"percent\":100,\"afterMinutes\":0,\"notify\":[\"projectManager\"],\"raiseLevel\":true}]", "[{\"clock\":\"Response\",\"minutes\":30,\"calendarId\":null},{\"clock\":\"Arrival\",\"minutes\":540,\"calendarId\":1},{\"clock\":\"Restoration\",\"minutes\":1080,\"calendarId\":1},{\"clock\":\"Resolution\",\"minutes\":2700,\"calendarId\":1},{\"clock\":\"Assignment\",\"minutes\":15,\"calendarId\":null},{\"clock\":\"Acceptance\",\"minutes\":30,\"calendarId\":null}]", "[\"duty\",\"teamLead\"]", "[\"duty\"]", new DateTimeOffset(new DateTime(2026, 12, 5, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), "[\"assignee\"]", "[75,90]" },
                    { 3L, "[\"assignee\",\"teamLead\"]", null, 3, "Default", 2, "[{\"id\":1,\"clock\":\"Resolution\",\"percent\":100,\"afterMinutes\":0,\"notify\":[\"projectManager\"],\"raiseLevel\":true}]", "[{\"clock\":\"Response\",\"minutes\":120,\"calendarId\":1},{\"clock\":\"Arrival\",\"minutes\":1080,\"calendarId\":1},{\"clock\":\"Restoration\",\"minutes\":1620,\"calendarId\":1},{\"clock\":\"Resolution\",\"minutes\":2700,\"calendarId\":1},{\"clock\":\"Assignment\",\"minutes\":60,\"calendarId\":1},{\"clock\":\"Acceptance\",\"minutes\":120,\"calendarId\":1}]", "[\"duty\",\"teamLead\"]", "[\"duty\"]", new DateTimeOffset(new DateTime(2026, 12, 5, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), "[\"assignee\"]", "[75,90]" },
                    { 4L, "[\"assignee\",\"teamLead\"]", null, 4, "Default", 1, "[]", "[{\"clock\":\"Response\",\"minutes\":540,\"calendarId\":1},{\"clock\":\"Resolution\",\"minutes\":5400,\"calendarId\":1},{\"clock\":\"Assignment\",\"minutes\":240,\"calendarId\":1}]", "[]", "[\"duty\"]", new DateTimeOffset(new DateTime(2026, 12, 5, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), "[\"assignee\"]", "[75,90]" },
                    { 5L, "[\"assignee\",\"teamLead\"]", null, 1, "AdvancedTemplate", 4, "[{\"id\":1,\"clock\":\"Response\",\"percent\":100,\"afterMinutes\":0,\"notify\":[\"teamLead\"],\"raiseLevel\":false},{\"id\":2,\"clock\":\"Restoration\",\"percent\":100,\"afterMinutes\":0,\"notify\":[\"projectManager\"],\"raiseLevel\":false},{\"id\":3,\"clock\":\"Restoration\",\"percent\":100,\"afterMinutes\":120,\"notify\":[\"projectManager\",\"residentEngineers\"],\"raiseLevel\":false}]", "[{\"clock\":\"Response\",\"minutes\":10,\"calendarId\":null},{\"clock\":\"Arrival\",\"minutes\":120,\"calendarId\":null},{\"clock\":\"Restoration\",\"minutes\":240,\"calendarId\":null},{\"clock\":\"Resolution\",\"minutes\":720,\"calendarId\":null},{\"clock\":\"Assignment\",\"minutes\":5,\"calendarId\":null},{\"clock\":\"Acceptance\",\"minutes\":10,\"calendarId\":null}]", "[\"duty\",\"teamLead\"]", "[\"duty\"]", new DateTimeOffset(new DateTime(2026, 12, 5, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), "[\"assignee\"]", "[75,90]" },
                    { 6L, "[\"assignee\",\"teamLead\"]", null, 2, "AdvancedTemplate", 3, "[{\"id\":1,\"clock\":\"Arrival\",\"percent\":100,\"afterMinutes\":0,\"notify\":[\"teamLead\",\"projectManager\"],\"raiseLevel\":false},{\"id\":2,\"clock\":\"Restoration\",\"percent\":100,\"afterMinutes\":0,\"notify\":[\"projectManager\"],\"raiseLevel\":true}]", "[{\"clock\":\"Response\",\"minutes\":15,\"calendarId\":null},{\"clock\":\"Arrival\",\"minutes\":240,\"calendarId\":1},{\"clock\":\"Restoration\",\"minutes\":540,\"calendarId\":1},{\"clock\":\"Resolution\",\"minutes\":1620,\"calendarId\":1},{\"clock\":\"Assignment\",\"minutes\":10,\"calendarId\":null},{\"clock\":\"Acceptance\",\"minutes\":15,\"calendarId\":null}]", "[\"duty\",\"teamLead\"]", "[\"duty\"]", new DateTimeOffset(new DateTime(2026, 12, 5, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), "[\"assignee\"]", "[75,90]" },
                    { 7L, "[\"assignee\",\"teamLead\"]", null, 3, "AdvancedTemplate", 3, "[{\"id\":1,\"clock\":\"Arrival\",\"percent\":100,\"afterMinutes\":0,\"notify\":[\"teamLead\"],\"raiseLevel\":false},{\"id\":2,\"clock\":\"Resolution\",\"percent\":100,\"afterMinutes\":0,\"notify\":[\"projectManager\"],\"raiseLevel\":true}]", "[{\"clock\":\"Response\",\"minutes\":60,\"calendarId\":1},{\"clock\":\"Arrival\",\"minutes\":240,\"calendarId\":1},{\"clock\":\"Restoration\",\"minutes\":1080,\"calendarId\":1},{\"clock\":\"Resolution\",\"minutes\":2700,\"calendarId\":1},{\"clock\":\"Assignment\",\"minutes\":30,\"calendarId\":1},{\"clock\":\"Acceptance\",\"minutes\":60,\"calendarId\":1}]", "[\"duty\",\"teamLead\"]", "[\"duty\"]", new DateTimeOffset(new DateTime(2026, 12, 5, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), "[\"assignee\"]", "[75,90]" },
                    { 8L, "[\"assignee\",\"teamLead\"]", null, 4, "AdvancedTemplate", 1, "[]", "[{\"clock\":\"Response\",\"minutes\":240,\"calendarId\":1},{\"clock\":\"Resolution\",\"minutes\":2700,\"calendarId\":1},{\"clock\":\"Assignment\",\"minutes\":120,\"calendarId\":1}]", "[]", "[\"duty\"]", new DateTimeOffset(new DateTime(2026, 12, 5, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), "[\"assignee\"]", "[75,90]" }
                });

            migrationBuilder.CreateIndex(
                name: "ix_service_contracts_number",
                table: "service_contracts",
                column: "number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_service_contracts_organization_id_start_date",
                table: "service_contracts",
                columns: new[] { "organization_id", "start_date" });

            migrationBuilder.CreateIndex(
                name: "ix_service_contracts_project_manager_user_id",
                table: "service_contracts",
                column: "project_manager_user_id");

            migrationBuilder.CreateIndex(
                name: "ix_sla_policies_contract_id",
                table: "sla_policies",
                column: "contract_id");

            migrationBuilder.CreateIndex(
                name: "ix_sla_policies_kind_contract_id_fault_level",
                table: "sla_policies",
                columns: new[] { "kind", "contract_id", "fault_level" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "fault_levels");

            migrationBuilder.DropTable(
                name: "sla_policies");

            migrationBuilder.DropTable(
                name: "service_contracts");
        }
    }
}
