#!/bin/bash
# Runs inside LocalStack once S3 and SQS are ready: the same wiring deploy/terraform creates in AWS.
#   trail bucket --ObjectCreated (AWSLogs/ ... .json.gz)--> notification queue --after N receives--> dead-letter queue
set -euo pipefail

BUCKET="${DENYWATCH_DEMO_BUCKET:-denywatch-trail}"
QUEUE="${DENYWATCH_DEMO_QUEUE:-cloudtrail-notifications}"
ACCOUNT=000000000000
REGION="${AWS_DEFAULT_REGION:-us-east-1}"

# SQS attributes are strings, some of them JSON documents: let Python do the quoting.
attributes() {
  python3 -c 'import json, sys; a = sys.argv[1:]; print(json.dumps(dict(zip(a[::2], a[1::2]))))' "$@"
}

queue_arn() {
  awslocal sqs get-queue-attributes --queue-url "$1" --attribute-names QueueArn \
    --query Attributes.QueueArn --output text
}

dlq_url=$(awslocal sqs create-queue --queue-name "${QUEUE}-dlq" --query QueueUrl --output text)
dlq_arn=$(queue_arn "$dlq_url")

queue_url=$(awslocal sqs create-queue --queue-name "$QUEUE" --query QueueUrl --output text --attributes \
  "$(attributes VisibilityTimeout 120 RedrivePolicy "{\"deadLetterTargetArn\":\"${dlq_arn}\",\"maxReceiveCount\":\"10\"}")")
queue_arn=$(queue_arn "$queue_url")

awslocal s3api create-bucket --bucket "$BUCKET" >/dev/null

# LocalStack does not enforce it; it is here so the demo shows the policy AWS needs.
policy=$(cat <<JSON
{"Version":"2012-10-17","Statement":[{"Sid":"TrailBucketNotifications","Effect":"Allow",
 "Principal":{"Service":"s3.amazonaws.com"},"Action":"sqs:SendMessage","Resource":"${queue_arn}",
 "Condition":{"ArnEquals":{"aws:SourceArn":"arn:aws:s3:::${BUCKET}"},"StringEquals":{"aws:SourceAccount":"${ACCOUNT}"}}}]}
JSON
)
awslocal sqs set-queue-attributes --queue-url "$queue_url" \
  --attributes "$(attributes Policy "$policy")"

awslocal s3api put-bucket-notification-configuration --bucket "$BUCKET" --notification-configuration "$(cat <<JSON
{"QueueConfigurations":[{"Id":"denywatch-cloudtrail-log-files","QueueArn":"${queue_arn}",
 "Events":["s3:ObjectCreated:*"],
 "Filter":{"Key":{"FilterRules":[{"Name":"prefix","Value":"AWSLogs/"},{"Name":"suffix","Value":".json.gz"}]}}}]}
JSON
)"

echo "denywatch: bucket s3://${BUCKET} notifies ${queue_url} (region ${REGION})"
# The compose healthcheck waits for this file, so the seeder and the ingestor start on a wired stack.
touch /tmp/denywatch-aws-ready
