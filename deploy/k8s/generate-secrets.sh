#!/usr/bin/env bash
# Writes the env file that deploy/k8s/base turns into the calsync-secrets Secret, with fresh random
# values for every secret CalSync can generate itself. The database password and Google's OAuth
# client secret come from outside (your database operator, Google Cloud Console):
#   DB_PASSWORD=... GOOGLE_CLIENT_SECRET=... deploy/k8s/generate-secrets.sh
# Never commit the result (deploy/k8s/base/secrets.env is git-ignored); a secret store
# (sealed-secrets, External Secrets) can hold it instead.
set -euo pipefail
out=${1:-$(cd "$(dirname "$0")" && pwd)/base/secrets.env}
if [ -e "$out" ]; then
  echo "generate-secrets: $out exists; not overwriting it (rotate keys by editing it)" >&2
  exit 1
fi
: "${DB_PASSWORD:?set DB_PASSWORD to the PostgreSQL password of the services}"
: "${GOOGLE_CLIENT_SECRET:?set GOOGLE_CLIENT_SECRET to the OAuth client secret from Google Cloud Console}"
key_id=k$(date -u +%Y%m%d)
umask 077
cat >"$out" <<SECRETS
DB_USER=${DB_USER:-calsync}
DB_PASSWORD=$DB_PASSWORD
CALSYNC_JWT_SECRET=$(openssl rand -hex 32)
GOOGLE_CLIENT_SECRET=$GOOGLE_CLIENT_SECRET
CALSYNC_OAUTH_STATE_SIGNING_KEY=$(openssl rand -hex 32)
CALSYNC_TOKEN_ENCRYPTION_KEY_ID=$key_id
CALSYNC_TOKENS_ENCRYPTION_KEYS_${key_id^^}=$(openssl rand -base64 32)
SECRETS
echo "generate-secrets: wrote $out (encryption key id $key_id)"
