#!/bin/bash
# tripline: ship this instance's SSH authentication log to CloudWatch Logs.
#
# Run by the SSM document tripline-ssh-log-shipping (State Manager, as root). Idempotent: it
# changes only what differs from the wanted state, and a run that changes nothing says so.
#   1. installs the CloudWatch agent if it is missing (dnf, yum or apt-get);
#   2. on Amazon Linux 2023, which keeps auth messages only in the journal, installs and enables
#      rsyslog so that /var/log/secure exists (docs/aws-facts.md h1, h2): one file collector and
#      one set of sshd patterns then cover RHEL, Amazon Linux and Debian/Ubuntu;
#   3. lets the agent's user read the auth log: `setfacl -m u:cwagent:r` on /var/log/secure and
#      /var/log/auth.log where they exist (the agent runs as cwagent, not root: g3);
#   4. keeps that grant across log rotation: logrotate re-creates the file without the ACL (g),
#      so a helper re-applies it after every logrotate run (a drop-in adding ExecStartPost to
#      logrotate.service) or, where logrotate runs from cron, every five minutes from cron;
#   5. loads the agent configuration from the SSM parameter and restarts the agent when the
#      configuration or the grants changed, or the agent is not running.
#
# TRIPLINE_ROOT is for tests only: a directory standing for / (files under /etc, /var/log, /opt
# and /usr are looked up below it). Commands are found on PATH, as SSM's shell finds them.
set -euo pipefail
umask 022

readonly ROOT="${TRIPLINE_ROOT:-}"
readonly PARAMETER="AmazonCloudWatch-tripline-ssh"
readonly AUTH_LOGS="/var/log/secure /var/log/auth.log"
readonly AGENT_DIR="/opt/aws/amazon-cloudwatch-agent"
readonly CTL="$ROOT$AGENT_DIR/bin/amazon-cloudwatch-agent-ctl"
readonly HELPER="/usr/local/sbin/tripline-ssh-acl"
readonly DROP_IN="/etc/systemd/system/logrotate.service.d/tripline-ssh-acl.conf"
readonly CRON="/etc/cron.d/tripline-ssh-acl"

changes=0
say() { echo "tripline: $*"; }
changed() { changes=$((changes + 1)); say "changed: $*"; }
fail() { echo "tripline: error: $*" >&2; exit 1; }

# --- the system -------------------------------------------------------------------------------
[ -r "$ROOT/etc/os-release" ] || fail "unsupported system: no /etc/os-release"
os_id=$(. "$ROOT/etc/os-release" && echo "${ID:-unknown}")
os_like=$(. "$ROOT/etc/os-release" && echo "${ID_LIKE:-}")
os_version=$(. "$ROOT/etc/os-release" && echo "${VERSION_ID:-}")

if command -v dnf >/dev/null 2>&1; then pm=dnf
elif command -v yum >/dev/null 2>&1; then pm=yum
elif command -v apt-get >/dev/null 2>&1; then pm=apt-get
else fail "unsupported system ($os_id $os_version): no dnf, yum or apt-get to install the CloudWatch agent with"
fi

case "$(uname -m)" in
  x86_64) arch=amd64 ;;
  aarch64) arch=arm64 ;;
  *) fail "unsupported architecture $(uname -m): the CloudWatch agent is published for x86_64 and aarch64" ;;
esac

case " $os_id $os_like " in
  *" debian "* | *" ubuntu "*) family=debian ;;
  *" rhel "* | *" fedora "* | *" centos "* | *" amzn "*) family=redhat ;;
  *) fail "unsupported system ($os_id $os_version): tripline supports Amazon Linux, RHEL-like and Debian-like distributions" ;;
esac

# --- 1. the agent -----------------------------------------------------------------------------
install_agent() {
  # Amazon Linux carries the agent in its repositories; elsewhere AWS publishes the package.
  # https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/download-CloudWatch-Agent-on-EC2-Instance-commandline-first.html
  if [ "$pm" != apt-get ] && "$pm" install -y amazon-cloudwatch-agent; then return 0; fi
  local dir ext url download package status=0
  if [ "$family" = debian ]; then dir="$os_id"; ext=deb; else dir=redhat; ext=rpm; fi
  [ "$dir" = ubuntu ] || [ "$dir" = redhat ] || dir=debian
  url="https://amazoncloudwatch-agent.s3.amazonaws.com/$dir/$arch/latest/amazon-cloudwatch-agent.$ext"
  download=$(mktemp -d)
  package="$download/amazon-cloudwatch-agent.$ext"
  curl --fail --silent --show-error --location --proto '=https' --output "$package" "$url" || { rm -rf "$download"; fail "cannot download $url"; }
  if [ "$pm" = apt-get ]; then DEBIAN_FRONTEND=noninteractive apt-get install -y "$package" || status=$?; else "$pm" install -y "$package" || status=$?; fi
  rm -rf "$download"
  return "$status"
}
if [ ! -x "$CTL" ]; then
  install_agent || fail "cannot install the CloudWatch agent with $pm"
  [ -x "$CTL" ] || fail "the CloudWatch agent's package did not install $AGENT_DIR/bin/amazon-cloudwatch-agent-ctl"
  changed "installed the CloudWatch agent with $pm"
fi
id cwagent >/dev/null 2>&1 || fail "the user cwagent does not exist (the CloudWatch agent's package creates it)"

# --- 2. rsyslog on Amazon Linux 2023 ----------------------------------------------------------
if [ "$os_id" = amzn ] && [ "${os_version%%.*}" = 2023 ]; then
  if [ ! -x "$ROOT/usr/sbin/rsyslogd" ]; then
    dnf install -y rsyslog || fail "cannot install rsyslog"
    changed "installed rsyslog (Amazon Linux 2023 keeps auth messages only in the journal)"
  fi
  if ! systemctl is-enabled --quiet rsyslog || ! systemctl is-active --quiet rsyslog; then
    systemctl enable --now rsyslog || fail "cannot enable rsyslog"
    changed "enabled and started rsyslog"
  fi
  # rsyslog creates the file on its first auth message; create it now (as rsyslog would, 0600)
  # so that the grant below applies before the first login attempt.
  if [ ! -e "$ROOT/var/log/secure" ]; then
    install -m 0600 /dev/null "$ROOT/var/log/secure"
    changed "created /var/log/secure"
  fi
fi

# --- 3. and 4. read access for cwagent, kept across rotation ----------------------------------
# The helper is also what logrotate's hook runs: one definition of the grant.
helper_text() {
  cat <<'HELPER'
#!/bin/sh
# tripline: let the CloudWatch agent's user read the SSH auth log (installed by tripline-ssh-log-shipping).
# Prints each file it granted; silent when every grant is in place.
for log in /var/log/secure /var/log/auth.log; do
  file="${TRIPLINE_ROOT:-}$log"
  [ -f "$file" ] || continue
  acl=$(getfacl --omit-header --absolute-names "$file" 2>/dev/null) || acl=""
  if printf '%s\n' "$acl" | grep -q '^user:cwagent:r' && printf '%s\n' "$acl" | grep -q '^mask::r'; then continue; fi
  setfacl -m u:cwagent:r "$file" && echo "granted cwagent read access to $log"
done
HELPER
}
drop_in_text() {
  printf '%s\n' "# tripline: re-grant cwagent read access after logrotate re-creates the auth log." \
    "[Service]" "ExecStartPost=$HELPER"
}
cron_text() {
  printf '%s\n' "# tripline: re-grant cwagent read access after logrotate (run from cron here) re-creates the auth log." \
    "*/5 * * * * root $HELPER >/dev/null 2>&1"
}
# Writes $1 with the text on stdin and mode $2, only when it differs; returns 0 when it wrote.
put_file() {
  local target="$ROOT$1" mode="$2" wanted
  wanted=$(mktemp)
  cat >"$wanted"
  if [ -f "$target" ] && cmp -s "$wanted" "$target"; then rm -f "$wanted"; return 1; fi
  mkdir -p "$(dirname "$target")"
  install -m "$mode" "$wanted" "$target"
  rm -f "$wanted"
  changed "wrote $1"
}

helper_text | put_file "$HELPER" 0755 || true
grants=$(TRIPLINE_ROOT="$ROOT" sh "$ROOT$HELPER")
if [ -n "$grants" ]; then changed "$grants"; fi

if [ -f "$ROOT/usr/lib/systemd/system/logrotate.service" ] || [ -f "$ROOT/lib/systemd/system/logrotate.service" ]; then
  if drop_in_text | put_file "$DROP_IN" 0644; then systemctl daemon-reload; fi
elif [ -d "$ROOT/etc/cron.d" ]; then
  cron_text | put_file "$CRON" 0644 || true
else
  say "warning: neither logrotate.service nor /etc/cron.d: after a rotation, the next State Manager run re-grants read access"
fi

# --- 5. the configuration ---------------------------------------------------------------------
# fetch-config translates the parameter into the agent's configuration directory; comparing that
# file before and after tells whether the configuration changed, so an unchanged run does not
# restart the agent. https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/install-CloudWatch-Agent-on-EC2-Instance-fleet.html
readonly FETCHED="$ROOT$AGENT_DIR/etc/amazon-cloudwatch-agent.d/ssm_$PARAMETER"
before=$(cat "$FETCHED" 2>/dev/null || true)
"$CTL" -a fetch-config -m ec2 -c "ssm:$PARAMETER" >/dev/null || fail "cannot load the agent configuration from the SSM parameter $PARAMETER (does the instance role allow ssm:GetParameter on it?)"
after=$(cat "$FETCHED" 2>/dev/null || true)
[ "$before" = "$after" ] || changed "loaded a new agent configuration from $PARAMETER"
running=yes
"$CTL" -a status 2>/dev/null | grep -q '"status": *"running"' || running=no
if [ "$changes" -gt 0 ] || [ "$running" = no ]; then
  "$CTL" -a fetch-config -m ec2 -s -c "ssm:$PARAMETER" >/dev/null || fail "cannot start the CloudWatch agent"
  [ "$running" = yes ] && say "restarted the CloudWatch agent" || changed "started the CloudWatch agent"
fi

if [ "$changes" -eq 0 ]; then say "nothing to change: the CloudWatch agent ships the SSH log"; else say "done: $changes change(s)"; fi
