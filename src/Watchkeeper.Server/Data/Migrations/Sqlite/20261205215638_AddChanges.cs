using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace Watchkeeper.Server.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddChanges : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "change_approval_chains",
                columns: table => new
                {
                    type = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    steps = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    updated_by = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_change_approval_chains", x => x.type);
                });

            migrationBuilder.CreateTable(
                name: "change_requests",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    number = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    type = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    state = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    description = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    affected_systems = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    risk = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    rollback_plan = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    implementer_user_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    planned_start = table.Column<long>(type: "INTEGER", nullable: false),
                    planned_end = table.Column<long>(type: "INTEGER", nullable: false),
                    device_ids = table.Column<string>(type: "TEXT", maxLength: 100000, nullable: false),
                    organization_ids = table.Column<string>(type: "TEXT", maxLength: 10000, nullable: false),
                    organization_id = table.Column<long>(type: "INTEGER", nullable: false),
                    requires_notice = table.Column<bool>(type: "INTEGER", nullable: false),
                    template_id = table.Column<long>(type: "INTEGER", nullable: true),
                    emergency_id = table.Column<long>(type: "INTEGER", nullable: true),
                    plan_authors = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    created_by = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    submitted_at = table.Column<long>(type: "INTEGER", nullable: true),
                    approval_round = table.Column<int>(type: "INTEGER", nullable: false),
                    approval_steps = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    steps_waiting_since = table.Column<long>(type: "INTEGER", nullable: true),
                    last_approval_reminder_at = table.Column<long>(type: "INTEGER", nullable: true),
                    approved_at = table.Column<long>(type: "INTEGER", nullable: true),
                    approval_due_at = table.Column<long>(type: "INTEGER", nullable: true),
                    permit_number = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    permit_window_start = table.Column<long>(type: "INTEGER", nullable: true),
                    permit_window_end = table.Column<long>(type: "INTEGER", nullable: true),
                    permit_responsible_user_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    permit_safety_measures = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    permit_issued_by = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    permit_issued_at = table.Column<long>(type: "INTEGER", nullable: true),
                    permit_maintenance_window_id = table.Column<long>(type: "INTEGER", nullable: true),
                    started_at = table.Column<long>(type: "INTEGER", nullable: true),
                    closed_at = table.Column<long>(type: "INTEGER", nullable: true),
                    outcome = table.Column<string>(type: "TEXT", maxLength: 24, nullable: true),
                    closure_results = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    restored_settings = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    regressions = table.Column<string>(type: "TEXT", maxLength: 100000, nullable: false),
                    health_before = table.Column<string>(type: "TEXT", maxLength: 1000000, nullable: false),
                    regression_explanation = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    reviewed_at = table.Column<long>(type: "INTEGER", nullable: true),
                    review_note = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    cancelled_at = table.Column<long>(type: "INTEGER", nullable: true),
                    overrun_escalated_for = table.Column<long>(type: "INTEGER", nullable: true),
                    version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_change_requests", x => x.id);
                    table.ForeignKey(
                        name: "fk_change_requests_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "change_activities",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    change_request_id = table.Column<long>(type: "INTEGER", nullable: false),
                    at = table.Column<long>(type: "INTEGER", nullable: false),
                    actor = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    action = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    field = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    old_value = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    new_value = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    note = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_change_activities", x => x.id);
                    table.ForeignKey(
                        name: "fk_change_activities_change_requests_change_request_id",
                        column: x => x.change_request_id,
                        principalTable: "change_requests",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "change_approvals",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    change_request_id = table.Column<long>(type: "INTEGER", nullable: false),
                    round = table.Column<int>(type: "INTEGER", nullable: false),
                    step_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    entry = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    user_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    on_behalf_of_user_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    approved = table.Column<bool>(type: "INTEGER", nullable: false),
                    comment = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_change_approvals", x => x.id);
                    table.ForeignKey(
                        name: "fk_change_approvals_change_requests_change_request_id",
                        column: x => x.change_request_id,
                        principalTable: "change_requests",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "change_backups",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    change_request_id = table.Column<long>(type: "INTEGER", nullable: false),
                    what = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    location = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    size_bytes = table.Column<long>(type: "INTEGER", nullable: false),
                    sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    recorded_by = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_change_backups", x => x.id);
                    table.ForeignKey(
                        name: "fk_change_backups_change_requests_change_request_id",
                        column: x => x.change_request_id,
                        principalTable: "change_requests",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "change_delegations",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    change_request_id = table.Column<long>(type: "INTEGER", nullable: false),
                    round = table.Column<int>(type: "INTEGER", nullable: false),
                    step_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    entry = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    from_user_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    to_user_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_change_delegations", x => x.id);
                    table.ForeignKey(
                        name: "fk_change_delegations_change_requests_change_request_id",
                        column: x => x.change_request_id,
                        principalTable: "change_requests",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "change_notices",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    change_request_id = table.Column<long>(type: "INTEGER", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    window_start = table.Column<long>(type: "INTEGER", nullable: false),
                    window_end = table.Column<long>(type: "INTEGER", nullable: false),
                    impact_scope = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    countermeasures = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    contact = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    sent_by = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    sent_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_change_notices", x => x.id);
                    table.ForeignKey(
                        name: "fk_change_notices_change_requests_change_request_id",
                        column: x => x.change_request_id,
                        principalTable: "change_requests",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "change_plan_versions",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    change_request_id = table.Column<long>(type: "INTEGER", nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false),
                    content = table.Column<string>(type: "TEXT", maxLength: 200000, nullable: false),
                    author = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    note = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_change_plan_versions", x => x.id);
                    table.ForeignKey(
                        name: "fk_change_plan_versions_change_requests_change_request_id",
                        column: x => x.change_request_id,
                        principalTable: "change_requests",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "change_trial_runs",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    change_request_id = table.Column<long>(type: "INTEGER", nullable: false),
                    environment = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    steps = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    results = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    evidence = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    passed = table.Column<bool>(type: "INTEGER", nullable: false),
                    signed_off_by = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    recorded_by = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_change_trial_runs", x => x.id);
                    table.ForeignKey(
                        name: "fk_change_trial_runs_change_requests_change_request_id",
                        column: x => x.change_request_id,
                        principalTable: "change_requests",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "change_version_records",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    change_request_id = table.Column<long>(type: "INTEGER", nullable: false),
                    device_id = table.Column<long>(type: "INTEGER", nullable: true),
                    component = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    version_before = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    version_after = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    recorded_by = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_change_version_records", x => x.id);
                    table.ForeignKey(
                        name: "fk_change_version_records_change_requests_change_request_id",
                        column: x => x.change_request_id,
                        principalTable: "change_requests",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.InsertData(
                table: "change_approval_chains",
                columns: new[] { "type", "steps", "updated_at", "updated_by" },
                values: new object[,]
                {
                    { "Emergency", "[{\"order\":1,\"name\":\"\\u9886\\u5BFC\\u4E8B\\u540E\\u5BA1\\u6279 / Leadership, after the fact\",\"mode\":\"Any\",\"approvers\":[\"role:Leadership\"]}]", 1796428800000L, null },
                    { "Major", "[{\"order\":1,\"name\":\"\\u4E1A\\u52A1\\u7BA1\\u7406\\u90E8\\u95E8 / Business department\",\"mode\":\"Any\",\"approvers\":[\"role:BusinessDepartment\"]},{\"order\":1,\"name\":\"\\u6280\\u672F\\u5F52\\u53E3\\u7BA1\\u7406\\u5355\\u4F4D / Technical management unit\",\"mode\":\"Any\",\"approvers\":[\"role:TechnicalManagementUnit\"]},{\"order\":2,\"name\":\"\\u9886\\u5BFC\\u5BA1\\u6279 / Leadership\",\"mode\":\"Any\",\"approvers\":[\"role:Leadership\"]}]", 1796428800000L, null },
                    { "Minor", "[{\"order\":1,\"name\":\"\\u6280\\u672F\\u5F52\\u53E3\\u7BA1\\u7406\\u5355\\u4F4D / Technical management unit\",\"mode\":\"Any\",\"approvers\":[\"role:TechnicalManagementUnit\"]}]", 1796428800000L, null },
                    { "Standard", "[]", 1796428800000L, null }
                });

            migrationBuilder.CreateIndex(
                name: "ix_change_activities_change_request_id_action",
                table: "change_activities",
                columns: new[] { "change_request_id", "action" });

            migrationBuilder.CreateIndex(
                name: "ix_change_approvals_change_request_id_round_step_name_user_id",
                table: "change_approvals",
                columns: new[] { "change_request_id", "round", "step_name", "user_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_change_backups_change_request_id",
                table: "change_backups",
                column: "change_request_id");

            migrationBuilder.CreateIndex(
                name: "ix_change_delegations_change_request_id",
                table: "change_delegations",
                column: "change_request_id");

            migrationBuilder.CreateIndex(
                name: "ix_change_notices_change_request_id_sent_at",
                table: "change_notices",
                columns: new[] { "change_request_id", "sent_at" });

            migrationBuilder.CreateIndex(
                name: "ix_change_notices_window_end",
                table: "change_notices",
                column: "window_end");

            migrationBuilder.CreateIndex(
                name: "ix_change_plan_versions_change_request_id_version",
                table: "change_plan_versions",
                columns: new[] { "change_request_id", "version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_change_requests_number",
                table: "change_requests",
                column: "number",
                unique: true,
                filter: "number <> ''");

            migrationBuilder.CreateIndex(
                name: "ix_change_requests_organization_id_state",
                table: "change_requests",
                columns: new[] { "organization_id", "state" });

            migrationBuilder.CreateIndex(
                name: "ix_change_requests_state_planned_start",
                table: "change_requests",
                columns: new[] { "state", "planned_start" });

            migrationBuilder.CreateIndex(
                name: "ix_change_trial_runs_change_request_id",
                table: "change_trial_runs",
                column: "change_request_id");

            migrationBuilder.CreateIndex(
                name: "ix_change_version_records_change_request_id",
                table: "change_version_records",
                column: "change_request_id");

            migrationBuilder.CreateIndex(
                name: "ix_change_version_records_device_id",
                table: "change_version_records",
                column: "device_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "change_activities");

            migrationBuilder.DropTable(
                name: "change_approval_chains");

            migrationBuilder.DropTable(
                name: "change_approvals");

            migrationBuilder.DropTable(
                name: "change_backups");

            migrationBuilder.DropTable(
                name: "change_delegations");

            migrationBuilder.DropTable(
                name: "change_notices");

            migrationBuilder.DropTable(
                name: "change_plan_versions");

            migrationBuilder.DropTable(
                name: "change_trial_runs");

            migrationBuilder.DropTable(
                name: "change_version_records");

            migrationBuilder.DropTable(
                name: "change_requests");
        }
    }
}
