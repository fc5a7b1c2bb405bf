using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Watchkeeper.Server.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DutyRoster : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "duty_teams",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    organization_id = table.Column<long>(type: "INTEGER", nullable: false),
                    leader_user_id = table.Column<string>(type: "TEXT", nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_duty_teams", x => x.id);
                    table.ForeignKey(
                        name: "fk_duty_teams_asp_net_users_leader_user_id",
                        column: x => x.leader_user_id,
                        principalTable: "AspNetUsers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_duty_teams_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "duty_shifts",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    team_id = table.Column<long>(type: "INTEGER", nullable: false),
                    date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    start_at = table.Column<long>(type: "INTEGER", nullable: false),
                    end_at = table.Column<long>(type: "INTEGER", nullable: false),
                    leader_user_id = table.Column<string>(type: "TEXT", nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_duty_shifts", x => x.id);
                    table.ForeignKey(
                        name: "fk_duty_shifts_asp_net_users_leader_user_id",
                        column: x => x.leader_user_id,
                        principalTable: "AspNetUsers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_duty_shifts_duty_teams_team_id",
                        column: x => x.team_id,
                        principalTable: "duty_teams",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "duty_team_member",
                columns: table => new
                {
                    team_id = table.Column<long>(type: "INTEGER", nullable: false),
                    user_id = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_duty_team_member", x => new { x.team_id, x.user_id });
                    table.ForeignKey(
                        name: "fk_duty_team_member_asp_net_users_user_id",
                        column: x => x.user_id,
                        principalTable: "AspNetUsers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_duty_team_member_duty_teams_team_id",
                        column: x => x.team_id,
                        principalTable: "duty_teams",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "team_shift_template",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    team_id = table.Column<long>(type: "INTEGER", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    start_time = table.Column<TimeOnly>(type: "TEXT", nullable: false),
                    end_time = table.Column<TimeOnly>(type: "TEXT", nullable: false),
                    position = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_team_shift_template", x => x.id);
                    table.ForeignKey(
                        name: "fk_team_shift_template_duty_teams_team_id",
                        column: x => x.team_id,
                        principalTable: "duty_teams",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "duty_shift_assignee",
                columns: table => new
                {
                    shift_id = table.Column<long>(type: "INTEGER", nullable: false),
                    user_id = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_duty_shift_assignee", x => new { x.shift_id, x.user_id });
                    table.ForeignKey(
                        name: "fk_duty_shift_assignee_asp_net_users_user_id",
                        column: x => x.user_id,
                        principalTable: "AspNetUsers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_duty_shift_assignee_duty_shifts_shift_id",
                        column: x => x.shift_id,
                        principalTable: "duty_shifts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "handover_notes",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    shift_id = table.Column<long>(type: "INTEGER", nullable: false),
                    incoming_shift_id = table.Column<long>(type: "INTEGER", nullable: true),
                    text = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    open_items = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    author_user_id = table.Column<string>(type: "TEXT", nullable: false),
                    written_at = table.Column<long>(type: "INTEGER", nullable: false),
                    acknowledged_by_user_id = table.Column<string>(type: "TEXT", nullable: true),
                    acknowledged_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_handover_notes", x => x.id);
                    table.ForeignKey(
                        name: "fk_handover_notes_asp_net_users_acknowledged_by_user_id",
                        column: x => x.acknowledged_by_user_id,
                        principalTable: "AspNetUsers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_handover_notes_asp_net_users_author_user_id",
                        column: x => x.author_user_id,
                        principalTable: "AspNetUsers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_handover_notes_duty_shifts_incoming_shift_id",
                        column: x => x.incoming_shift_id,
                        principalTable: "duty_shifts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_handover_notes_duty_shifts_shift_id",
                        column: x => x.shift_id,
                        principalTable: "duty_shifts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_duty_shift_assignee_user_id",
                table: "duty_shift_assignee",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_duty_shifts_leader_user_id",
                table: "duty_shifts",
                column: "leader_user_id");

            migrationBuilder.CreateIndex(
                name: "ix_duty_shifts_start_at_end_at",
                table: "duty_shifts",
                columns: new[] { "start_at", "end_at" });

            migrationBuilder.CreateIndex(
                name: "ix_duty_shifts_team_id_start_at",
                table: "duty_shifts",
                columns: new[] { "team_id", "start_at" });

            migrationBuilder.CreateIndex(
                name: "ix_duty_team_member_user_id",
                table: "duty_team_member",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_duty_teams_leader_user_id",
                table: "duty_teams",
                column: "leader_user_id");

            migrationBuilder.CreateIndex(
                name: "ix_duty_teams_organization_id_name",
                table: "duty_teams",
                columns: new[] { "organization_id", "name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_handover_notes_acknowledged_by_user_id",
                table: "handover_notes",
                column: "acknowledged_by_user_id");

            migrationBuilder.CreateIndex(
                name: "ix_handover_notes_author_user_id",
                table: "handover_notes",
                column: "author_user_id");

            migrationBuilder.CreateIndex(
                name: "ix_handover_notes_incoming_shift_id",
                table: "handover_notes",
                column: "incoming_shift_id");

            migrationBuilder.CreateIndex(
                name: "ix_handover_notes_shift_id",
                table: "handover_notes",
                column: "shift_id");

            migrationBuilder.CreateIndex(
                name: "ix_team_shift_template_team_id_name",
                table: "team_shift_template",
                columns: new[] { "team_id", "name" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "duty_shift_assignee");

            migrationBuilder.DropTable(
                name: "duty_team_member");

            migrationBuilder.DropTable(
                name: "handover_notes");

            migrationBuilder.DropTable(
                name: "team_shift_template");

            migrationBuilder.DropTable(
                name: "duty_shifts");

            migrationBuilder.DropTable(
                name: "duty_teams");
        }
    }
}
