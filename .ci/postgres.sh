# Sourced by .ci/run: installs and starts PostgreSQL (Debian's package) and exports LIKENESS_TEST_POSTGRES,
# the server the persistence tests also run against, as a role that may create databases, with a
# password made for this run (nothing secret in the repository; the server listens on loopback only).
if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  apt-get update -qq
  apt-get install -y -qq postgresql >/dev/null
fi
pg_version=$(ls /usr/lib/postgresql | sort -V | tail -1)
pg_lsclusters -h | grep -q "^$pg_version main" || pg_createcluster "$pg_version" main >/dev/null
pg_ctlcluster "$pg_version" main start >/dev/null 2>&1 || true
for _ in $(seq 1 60); do pg_isready -q -h 127.0.0.1 && break; sleep 1; done
pg_password=$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
su postgres -c "psql -q -v ON_ERROR_STOP=1" <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'likeness_ci') THEN CREATE ROLE likeness_ci LOGIN CREATEDB; END IF;
END \$\$;
ALTER ROLE likeness_ci PASSWORD '$pg_password';
SQL
export LIKENESS_TEST_POSTGRES="postgres://likeness_ci:$pg_password@127.0.0.1:5432/postgres"
