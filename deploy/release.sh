#!/bin/sh
# A release (or a settings change) on a host set up as in the README, without downtime:
#   /srv/decision-aid/deploy/release.sh 8001 8002     # the instances' ports, as in the site file
# 1. check the content; 2. rewrite nginx's generated files (the static files' hashes change with a
# release) and reload nginx; 3. restart the instances one at a time, each ready (systemd waits for
# /readyz) and back in nginx's rotation (its fail_timeout, 3 s) before the next one stops.
set -eu
APP=${APP:-/srv/decision-aid}
ENV_FILE=${ENV_FILE:-/etc/decision-aid/env}
[ "$#" -gt 0 ] || { echo "usage: $0 PORT [PORT...]" >&2; exit 2; }
cd "$APP"
set -a; . "$ENV_FILE"; set +a
.venv/bin/decision-aid check
.venv/bin/python -m decision_aid.proxy_files /etc/nginx/decision-aid >/dev/null
nginx -t -q
systemctl reload nginx
for port in "$@"; do
    systemctl restart "decision-aid@$port"
    sleep 4
done
echo "Released to instances: $*"
