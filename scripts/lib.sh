# Shared shell functions for the Watchkeeper scripts. Source it; do not run it.

# Debian packages the tests need: PostgreSQL 15, the protocol peers and the browser.
TEST_PACKAGES=(
  postgresql-15 postgresql-client-15
  gstreamer1.0-rtsp gir1.2-gst-rtsp-server-1.0 python3-gi gstreamer1.0-plugins-base gstreamer1.0-plugins-good
  gstreamer1.0-plugins-bad gstreamer1.0-plugins-ugly gstreamer1.0-tools
  snmpd snmp sipsak sip-tester ffmpeg opencv-doc libgtk-3-0 curl
  chromium fonts-wqy-microhei exim4-daemon-light openssl
)

# Debian packages the platform needs at run time: .NET's ICMP probe runs the ping command when it may not open
# a raw socket (not root, no CAP_NET_RAW); video quality diagnosis grabs RTSP frames with the ffmpeg command
# and analyses them with OpenCV, whose native library needs GTK 3.
RUN_PACKAGES=(
  iputils-ping ffmpeg libgtk-3-0
)

require_dotnet() {
  if ! command -v dotnet >/dev/null 2>&1; then
    echo "The .NET 10 SDK is missing: install it (https://learn.microsoft.com/dotnet/core/install/linux-debian) and run this again." >&2
    exit 1
  fi
}

# ensure_packages NAME...: installs the missing Debian packages as root; otherwise names them and the command.
ensure_packages() {
  local missing=() package
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  [ "${#missing[@]}" -eq 0 ] && return 0

  if [ "$(id -u)" -eq 0 ]; then
    echo "Installing Debian packages: ${missing[*]}"
    if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/tmp/watchkeeper-apt.log 2>&1; then
      apt-get update -q >/tmp/watchkeeper-apt-update.log 2>&1 || true
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/tmp/watchkeeper-apt.log 2>&1 || {
        echo "apt-get could not install: ${missing[*]} (see /tmp/watchkeeper-apt.log)." >&2
        return 1
      }
    fi
  else
    echo "Missing Debian packages: ${missing[*]}" >&2
    echo "Install them with: sudo apt-get install ${missing[*]}" >&2
    return 1
  fi
}
