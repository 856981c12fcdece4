#!/bin/sh
# Creates each service's database and its own login role, and makes sure no
# role reaches another service's database:
#
#   stream-bot  -> database streambot       role streambot       STREAMBOT_DB_PASSWORD
#   discord-bot -> database discord         role discord         DISCORD_DB_PASSWORD
#   dashboard   -> database homelab_jarvis  role homelab_jarvis  DASHBOARD_DB_PASSWORD
#
# Each password comes from its variable, or from a file named by <VARIABLE>_FILE
# (Docker secrets). The official postgres image runs this once, when its data
# volume is empty. It is safe to run again (it creates only what is missing and
# sets the passwords again), e.g. after changing a password in .env:
#   docker compose exec postgres sh /docker-entrypoint-initdb.d/10-homelab-databases.sh
set -eu

secret() {
  name=$1
  file_var="${name}_FILE"
  eval "value=\${$name:-}"
  eval "file=\${$file_var:-}"
  if [ -z "$value" ] && [ -n "$file" ]; then
    value=$(cat "$file")
  fi
  if [ -z "$value" ]; then
    echo "10-homelab-databases: $name (or ${name}_FILE) is not set" >&2
    exit 1
  fi
  printf '%s' "$value"
}

# One database and role. Values travel as psql variables (:'pw', :"db"), so a
# password is quoted by psql and never spliced into SQL text by the shell.
create_service_database() {
  psql -v ON_ERROR_STOP=1 --no-psqlrc --quiet \
    --username "${POSTGRES_USER:-postgres}" --dbname postgres \
    -v db="$1" -v pw="$2" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN', :'db')
  WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'db') \gexec
ALTER ROLE :"db" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'pw';
SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'db')
  WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'db') \gexec
-- PUBLIC may connect to every new database by default: take that away, so only
-- the owner (and the superuser) can connect to it.
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE :"db" TO :"db";
SQL
  echo "10-homelab-databases: database $1 ready (role $1)"
}

# Read first, as plain assignments: `set -e` stops on a failed $(…) there, not
# inside another command's arguments, and nothing is created before all are known.
streambot_pw=$(secret STREAMBOT_DB_PASSWORD)
discord_pw=$(secret DISCORD_DB_PASSWORD)
dashboard_pw=$(secret DASHBOARD_DB_PASSWORD)

create_service_database streambot "$streambot_pw"
create_service_database discord "$discord_pw"
create_service_database homelab_jarvis "$dashboard_pw"

# The maintenance database is no service's: only the superuser connects there.
psql -v ON_ERROR_STOP=1 --no-psqlrc --quiet --username "${POSTGRES_USER:-postgres}" \
  --dbname postgres -c 'REVOKE CONNECT ON DATABASE postgres FROM PUBLIC;'
