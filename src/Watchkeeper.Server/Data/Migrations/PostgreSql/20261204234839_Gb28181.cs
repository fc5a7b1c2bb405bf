using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Watchkeeper.Server.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class Gb28181 : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "offline_cause",
                table: "device_health",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(16)",
                oldMaxLength: 16,
                oldNullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "offline_cause",
                table: "alarms",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(16)",
                oldMaxLength: 16,
                oldNullable: true);

            migrationBuilder.CreateTable(
                name: "gb_devices",
                columns: table => new
                {
                    device_id = table.Column<long>(type: "bigint", nullable: false),
                    gb_id = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    digest_user_name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    encrypted_password = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: true),
                    heartbeat_interval_seconds = table.Column<int>(type: "integer", nullable: true),
                    heartbeat_count = table.Column<int>(type: "integer", nullable: true),
                    transport = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    remote_address = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    remote_port = table.Column<int>(type: "integer", nullable: true),
                    contact_uri = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    user_agent = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    registered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    registration_expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    unregistered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_keepalive_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    catalog_outcome = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    catalog_received = table.Column<int>(type: "integer", nullable: false),
                    catalog_expected = table.Column<int>(type: "integer", nullable: true),
                    catalog_updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    info_received_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    status_received_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    status_online = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    status_result = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    encoding = table.Column<bool>(type: "boolean", nullable: true),
                    recording = table.Column<bool>(type: "boolean", nullable: true),
                    clock_skew_seconds = table.Column<long>(type: "bigint", nullable: true),
                    alarm_inputs = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_gb_devices", x => x.device_id);
                    table.ForeignKey(
                        name: "fk_gb_devices_devices_device_id",
                        column: x => x.device_id,
                        principalTable: "devices",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "gb_channels",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    owner_device_id = table.Column<long>(type: "bigint", nullable: false),
                    channel_gb_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    ledger_device_id = table.Column<long>(type: "bigint", nullable: true),
                    name = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    manufacturer = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    model = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    address = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    civil_code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    parent_gb_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    last_event = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    removed = table.Column<bool>(type: "boolean", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_gb_channels", x => x.id);
                    table.ForeignKey(
                        name: "fk_gb_channels_devices_ledger_device_id",
                        column: x => x.ledger_device_id,
                        principalTable: "devices",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_gb_channels_gb_devices_owner_device_id",
                        column: x => x.owner_device_id,
                        principalTable: "gb_devices",
                        principalColumn: "device_id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "gb_record_queries",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    owner_device_id = table.Column<long>(type: "bigint", nullable: false),
                    channel_gb_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    range_start = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    range_end = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    sn = table.Column<int>(type: "integer", nullable: false),
                    outcome = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    received = table.Column<int>(type: "integer", nullable: false),
                    expected = table.Column<int>(type: "integer", nullable: true),
                    requested_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    completed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    requested_by = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_gb_record_queries", x => x.id);
                    table.ForeignKey(
                        name: "fk_gb_record_queries_gb_devices_owner_device_id",
                        column: x => x.owner_device_id,
                        principalTable: "gb_devices",
                        principalColumn: "device_id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "gb_record_segments",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    query_id = table.Column<long>(type: "bigint", nullable: false),
                    channel_gb_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    start = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    end = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    type = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    name = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    file_path = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: true),
                    file_size = table.Column<long>(type: "bigint", nullable: true),
                    recorder_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_gb_record_segments", x => x.id);
                    table.ForeignKey(
                        name: "fk_gb_record_segments_gb_record_queries_query_id",
                        column: x => x.query_id,
                        principalTable: "gb_record_queries",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_gb_channels_ledger_device_id",
                table: "gb_channels",
                column: "ledger_device_id");

            migrationBuilder.CreateIndex(
                name: "ix_gb_channels_owner_device_id_channel_gb_id",
                table: "gb_channels",
                columns: new[] { "owner_device_id", "channel_gb_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_gb_devices_gb_id",
                table: "gb_devices",
                column: "gb_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_gb_record_queries_channel_gb_id_requested_at",
                table: "gb_record_queries",
                columns: new[] { "channel_gb_id", "requested_at" });

            migrationBuilder.CreateIndex(
                name: "ix_gb_record_queries_owner_device_id",
                table: "gb_record_queries",
                column: "owner_device_id");

            migrationBuilder.CreateIndex(
                name: "ix_gb_record_segments_channel_gb_id_start",
                table: "gb_record_segments",
                columns: new[] { "channel_gb_id", "start" });

            migrationBuilder.CreateIndex(
                name: "ix_gb_record_segments_query_id",
                table: "gb_record_segments",
                column: "query_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "gb_channels");

            migrationBuilder.DropTable(
                name: "gb_record_segments");

            migrationBuilder.DropTable(
                name: "gb_record_queries");

            migrationBuilder.DropTable(
                name: "gb_devices");

            migrationBuilder.AlterColumn<string>(
                name: "offline_cause",
                table: "device_health",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(32)",
                oldMaxLength: 32,
                oldNullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "offline_cause",
                table: "alarms",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(32)",
                oldMaxLength: 32,
                oldNullable: true);
        }
    }
}
