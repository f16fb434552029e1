# The AWS side of denywatch's ingest: the trail bucket notifies an SQS queue of each new log file, a dead-letter
# queue catches notifications that never succeed, and the ingestor gets a least-privilege policy (and optionally an
# IRSA role) to read them. With fast_path, an EventBridge rule also sends failed calls to a queue of their own within
# seconds. The bucket and the trail themselves are not managed here.

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  bucket_account_id = var.trail_bucket_account_id != "" ? var.trail_bucket_account_id : data.aws_caller_identity.current.account_id
  bucket_arn        = "arn:${data.aws_partition.current.partition}:s3:::${var.trail_bucket_name}"
  # CloudTrail writes under [prefix/]AWSLogs/; "logs" and "logs/" mean the same prefix.
  logs_prefix = var.log_prefix == "" ? "AWSLogs/" : "${trimsuffix(var.log_prefix, "/")}/AWSLogs/"
  oidc_issuer = replace(var.eks_oidc_provider_arn, "/^arn:[^:]+:iam::[0-9]+:oidc-provider\\//", "")
  # Who may assume the reader role: the role the alerts role (or explain/scan) runs as. Never the ingest role by
  # default: it reads untrusted S3 and SQS input and makes no lookups, so it gets no way into other accounts.
  resolve_trusted_role_arn = var.resolve_trusted_role_arn
  policy_values = {
    bucket_arn  = local.bucket_arn
    logs_prefix = local.logs_prefix
    queue_arn   = aws_sqs_queue.notifications.arn
    # Empty without the fast path: the policy then names the notification queue only.
    fast_path_queue_arn = var.fast_path ? aws_sqs_queue.fast_path[0].arn : ""
    kms_key_arn         = var.kms_key_arn
    region              = data.aws_region.current.name
  }
}

resource "aws_sqs_queue" "dead_letters" {
  name                      = "${var.name}-dlq"
  message_retention_seconds = 1209600
  sqs_managed_sse_enabled   = true
  tags                      = var.tags
}

resource "aws_sqs_queue" "notifications" {
  name                       = var.name
  visibility_timeout_seconds = var.visibility_timeout_seconds
  message_retention_seconds  = var.message_retention_seconds
  receive_wait_time_seconds  = 20
  # SSE-SQS: S3 can send to it without a KMS key policy (a customer key would need one for s3.amazonaws.com).
  sqs_managed_sse_enabled = true
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.dead_letters.arn
    maxReceiveCount     = var.max_receive_count
  })
  tags = var.tags
}

# Only the notification queue (and the fast-path queue) may move messages to the dead-letter queue.
resource "aws_sqs_queue_redrive_allow_policy" "dead_letters" {
  queue_url = aws_sqs_queue.dead_letters.id
  redrive_allow_policy = jsonencode({
    redrivePermission = "byQueue"
    sourceQueueArns   = concat([aws_sqs_queue.notifications.arn], aws_sqs_queue.fast_path[*].arn)
  })
}

# S3 may send, and only for the trail bucket in its owner's account (no confused deputy).
resource "aws_sqs_queue_policy" "notifications" {
  queue_url = aws_sqs_queue.notifications.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "TrailBucketNotifications"
      Effect    = "Allow"
      Principal = { Service = "s3.amazonaws.com" }
      Action    = "sqs:SendMessage"
      Resource  = aws_sqs_queue.notifications.arn
      Condition = {
        ArnEquals    = { "aws:SourceArn" = local.bucket_arn }
        StringEquals = { "aws:SourceAccount" = local.bucket_account_id }
      }
    }]
  })
}

# Replaces the bucket's whole notification configuration: see var.manage_bucket_notification.
resource "aws_s3_bucket_notification" "trail" {
  count  = var.manage_bucket_notification ? 1 : 0
  bucket = var.trail_bucket_name

  queue {
    id            = "denywatch-cloudtrail-log-files"
    queue_arn     = aws_sqs_queue.notifications.arn
    events        = ["s3:ObjectCreated:*"]
    filter_prefix = local.logs_prefix
    filter_suffix = ".json.gz"
  }

  # S3 checks that it may send when the configuration is saved.
  depends_on = [aws_sqs_queue_policy.notifications]
}

resource "aws_iam_policy" "ingest" {
  name        = "${var.name}-ingest"
  description = "denywatch ingest: read CloudTrail log files named by the notification queue."
  policy      = templatefile("${path.module}/ingest-policy.json.tpl", local.policy_values)
  tags        = var.tags
}

resource "aws_iam_policy" "replay" {
  count       = var.create_replay_policy ? 1 : 0
  name        = "${var.name}-replay"
  description = "denywatch replay: list and read CloudTrail log files of a time range."
  policy      = templatefile("${path.module}/replay-policy.json.tpl", local.policy_values)
  tags        = var.tags
}

resource "aws_iam_role" "ingest" {
  count = var.eks_oidc_provider_arn != "" ? 1 : 0
  name  = "${var.name}-ingest"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = var.eks_oidc_provider_arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "${local.oidc_issuer}:sub" = "system:serviceaccount:${var.kubernetes_namespace}:${var.kubernetes_service_account}"
          "${local.oidc_issuer}:aud" = "sts.amazonaws.com"
        }
      }
    }]
  })
  tags = var.tags
}

resource "aws_iam_role_policy_attachment" "ingest" {
  count      = var.eks_oidc_provider_arn != "" ? 1 : 0
  role       = aws_iam_role.ingest[0].name
  policy_arn = aws_iam_policy.ingest.arn
}

# The fast path (var.fast_path): CloudTrail publishes every event to EventBridge's default bus within seconds; this
# rule sends the failed calls (denials, authentication failures, failed console sign-ins) to a queue of their own.
# A queue of its own, not the notification queue: its few small messages must not wait behind a backlog of large log
# files, and `ingest.fast-path.queue-url` gives them their own receive loops. The same events arrive minutes later in
# the log files; the analyzer counts each eventID once.
resource "aws_sqs_queue" "fast_path" {
  count                      = var.fast_path ? 1 : 0
  name                       = "${var.name}-fast-path"
  visibility_timeout_seconds = var.visibility_timeout_seconds
  message_retention_seconds  = var.message_retention_seconds
  receive_wait_time_seconds  = 20
  # SSE-SQS: EventBridge can send to it without a KMS key policy.
  sqs_managed_sse_enabled = true
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.dead_letters.arn
    maxReceiveCount     = var.max_receive_count
  })
  tags = var.tags
}

resource "aws_cloudwatch_event_rule" "fast_path" {
  count          = var.fast_path ? 1 : 0
  name           = "${var.name}-fast-path"
  description    = "denywatch fast path: failed AWS calls and console sign-ins, from CloudTrail, to SQS."
  event_bus_name = "default"
  # Plain ENABLED leaves out read-only management events (Get, List, Describe), where most denials happen.
  state = "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS"
  # One file, also read by the test that runs this rule on a real EventBridge (moto).
  event_pattern = file("${path.module}/fast-path-pattern.json")
  tags          = var.tags
}

resource "aws_cloudwatch_event_target" "fast_path" {
  count     = var.fast_path ? 1 : 0
  rule      = aws_cloudwatch_event_rule.fast_path[0].name
  target_id = "denywatch-fast-path"
  arn       = aws_sqs_queue.fast_path[0].arn
}

# EventBridge may send, and only for this rule (no confused deputy).
resource "aws_sqs_queue_policy" "fast_path" {
  count     = var.fast_path ? 1 : 0
  queue_url = aws_sqs_queue.fast_path[0].id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "FastPathRule"
      Effect    = "Allow"
      Principal = { Service = "events.amazonaws.com" }
      Action    = "sqs:SendMessage"
      Resource  = aws_sqs_queue.fast_path[0].arn
      Condition = {
        ArnEquals = { "aws:SourceArn" = aws_cloudwatch_event_rule.fast_path[0].arn }
      }
    }]
  })
}

# Looking up why a call was refused (--resolve, var.resolve_reader_role_name): a read-only role denywatch assumes to
# read the policies behind a refusal in this account. Apply in each account to be read, the organization's management
# account included for SCPs and RCPs. Its policy allows exactly the calls the resolve code makes.
resource "aws_iam_policy" "resolve_reader" {
  count       = var.resolve_reader_role_name != "" ? 1 : 0
  name        = "${var.name}-resolve-reader"
  description = "denywatch --resolve: read IAM and Organizations policies, decode authorization messages, simulate."
  policy      = templatefile("${path.module}/resolve-reader-policy.json.tpl", local.policy_values)
  tags        = var.tags
}

resource "aws_iam_role" "resolve_reader" {
  count = var.resolve_reader_role_name != "" ? 1 : 0
  name  = var.resolve_reader_role_name
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = local.resolve_trusted_role_arn }
      Action    = "sts:AssumeRole"
      # The session name denywatch always uses, so the reader's sessions stand out in CloudTrail.
      Condition = {
        StringEquals = { "sts:RoleSessionName" = "denywatch-resolve" }
      }
    }]
  })
  tags = var.tags

  lifecycle {
    precondition {
      condition     = local.resolve_trusted_role_arn != ""
      error_message = "resolve_reader_role_name needs resolve_trusted_role_arn: the role the alerts role runs as, which makes the lookups."
    }
  }
}

resource "aws_iam_role_policy_attachment" "resolve_reader" {
  count      = var.resolve_reader_role_name != "" ? 1 : 0
  role       = aws_iam_role.resolve_reader[0].name
  policy_arn = aws_iam_policy.resolve_reader[0].arn
}

# For the role denywatch runs as: assuming the reader role in any account (another account's trust policy is not
# enough on its own across accounts).
resource "aws_iam_policy" "resolve_assume" {
  count       = var.resolve_reader_role_name != "" ? 1 : 0
  name        = "${var.name}-resolve-assume"
  description = "denywatch --resolve: assume the reader role in the accounts it reads."
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "sts:AssumeRole"
      Resource = "arn:${data.aws_partition.current.partition}:iam::*:role/${var.resolve_reader_role_name}"
    }]
  })
  tags = var.tags
}
