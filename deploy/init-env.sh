#!/bin/sh
# Makes the compose stack's secrets once, without overwriting anything:
#   .env                 the stack's passwords (Postgres superuser, one database
#                        password and one NATS password per service), mode 600;
#                        compose reads it for the ${…} in compose.yaml
#   <service>/.env       copied from <service>/.env.example, with a fresh
#                        TOKEN_ENCRYPTION_KEY and WEB_PASSWORD filled in
# Run from anywhere: sh deploy/init-env.sh. Needs only a POSIX shell and /dev/urandom.
# Values are hex (letters and digits), so they are safe in URLs and nats-server
# reads them as strings; NATS passwords start with a letter for the same reason.
set -eu
cd "$(dirname "$0")/.."
umask 077

random_hex() { od -An -N"$1" -tx1 /dev/urandom | tr -d ' \n'; }

# Appends KEY=value to .env unless KEY is already there.
stack_secret() {
  if ! grep -q "^$1=" .env 2>/dev/null; then
    printf '%s=%s\n' "$1" "$2" >>.env
    echo "  .env: $1 made"
  fi
}

[ -f .env ] || printf '# The compose stack'"'"'s secrets (deploy/init-env.sh). Keep private.\n' >.env
stack_secret POSTGRES_PASSWORD "$(random_hex 24)"
stack_secret STREAMBOT_DB_PASSWORD "$(random_hex 24)"
stack_secret DISCORD_DB_PASSWORD "$(random_hex 24)"
stack_secret DASHBOARD_DB_PASSWORD "$(random_hex 24)"
stack_secret STREAMBOT_NATS_PASSWORD "p$(random_hex 24)"
stack_secret DISCORD_NATS_PASSWORD "p$(random_hex 24)"
stack_secret DASHBOARD_NATS_PASSWORD "p$(random_hex 24)"
chmod 600 .env

for service in stream-bot discord-bot dashboard; do
  if [ -f "$service/.env" ]; then
    echo "  $service/.env exists, left as it is"
    continue
  fi
  sed -e "s/^TOKEN_ENCRYPTION_KEY=\$/TOKEN_ENCRYPTION_KEY=$(random_hex 32)/" \
    -e "s/^WEB_PASSWORD=\$/WEB_PASSWORD=$(random_hex 12)/" \
    "$service/.env.example" >"$service/.env"
  chmod 600 "$service/.env"
  echo "  $service/.env made (login: admin / the WEB_PASSWORD in that file)"
done
echo "Next: set PUBLIC_URL and the platform credentials in each <service>/.env, then docker compose up -d"
