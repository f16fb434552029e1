#!/bin/bash
# One-shot demo seeder: uploads the bundled real CloudTrail files to the trail bucket under the keys CloudTrail
# delivers them to (AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/<name>.json.gz), gzip-compressed as CloudTrail
# writes them. Each upload raises the bucket's ObjectCreated notification, which the ingestor picks up from SQS.
set -euo pipefail

SAMPLES="${SAMPLES:-/samples}"
BUCKET="${DENYWATCH_DEMO_BUCKET:-denywatch-trail}"
ENDPOINT="${AWS_ENDPOINT_URL:-http://localstack:4566}"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

count=0
while read -r name; do
  [ -n "$name" ] || continue
  # <account>_CloudTrail_<region>_<YYYYMMDDTHHmmZ>_<random>.json
  IFS=_ read -r account _ region stamp _ <<<"$name"
  folder="${work}/AWSLogs/${account}/CloudTrail/${region}/${stamp:0:4}/${stamp:4:2}/${stamp:6:2}"
  mkdir -p "$folder"
  gzip -c "${SAMPLES}/${name}" >"${folder}/${name%.gz}.gz"
  count=$((count + 1))
done <"${SAMPLES}/index.txt"

# One PutObject per file, so one notification per file, as CloudTrail's own deliveries raise.
aws --endpoint-url "$ENDPOINT" s3 cp --recursive --only-show-errors "${work}/AWSLogs" "s3://${BUCKET}/AWSLogs"
echo "seeded ${count} CloudTrail log files into s3://${BUCKET}/AWSLogs/"
