variable "name" {
  description = "Name of the notification queue; its dead-letter queue is <name>-dlq, the IAM policies and role start with it."
  type        = string
  default     = "denywatch-cloudtrail"
}

variable "trail_bucket_name" {
  description = "The bucket CloudTrail delivers to. It must be in this provider's region: S3 notifies queues in its own region only."
  type        = string
}

variable "trail_bucket_account_id" {
  description = "Account that owns the trail bucket (the queue policy's aws:SourceAccount); empty for the current account."
  type        = string
  default     = ""
}

variable "log_prefix" {
  description = "The trail's S3 key prefix, the part before AWSLogs/ (e.g. \"logs\"); empty when the trail has none."
  type        = string
  default     = ""
}

variable "kms_key_arn" {
  description = "ARN of the KMS key the trail's log files are encrypted with (SSE-KMS); empty when they are not."
  type        = string
  default     = ""
}

variable "manage_bucket_notification" {
  description = "Create the bucket's notification configuration. It replaces every notification the bucket has: set false and add the queue to an existing configuration where the bucket already notifies something."
  type        = bool
  default     = true
}

variable "visibility_timeout_seconds" {
  description = "The queue's default visibility timeout; the ingestor asks for its own (ingest.visibility-timeout) on every receive."
  type        = number
  default     = 120
}

variable "message_retention_seconds" {
  description = "How long notifications wait on the queue (14 days, the most SQS allows): an ingestor outage loses nothing within it."
  type        = number
  default     = 1209600
}

variable "max_receive_count" {
  description = "Receives before a notification moves to the dead-letter queue. The ingestor doubles its backoff per receive (15s, 30s, ... up to 11h), so 10 receives give a failing file about 4 hours to recover."
  type        = number
  default     = 10
}

variable "fast_path" {
  description = "Also send failed calls within seconds: an EventBridge rule on the default bus (state ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS, pattern fast-path-pattern.json) targeting a queue of its own, for ingest.fast-path.queue-url. Needs a trail with logging on in this account and region."
  type        = bool
  default     = false
}

variable "create_replay_policy" {
  description = "Also create the read-only policy `denywatch replay s3://...` needs (s3:ListBucket on the trail prefix, s3:GetObject)."
  type        = bool
  default     = false
}

variable "eks_oidc_provider_arn" {
  description = "ARN of the EKS cluster's IAM OIDC provider: when set, an IAM role for the ingestor's service account (IRSA) is created with the ingest policy."
  type        = string
  default     = ""
}

variable "kubernetes_namespace" {
  description = "Namespace of the ingestor's service account (IRSA)."
  type        = string
  default     = "denywatch"
}

variable "kubernetes_service_account" {
  description = "Name of the ingestor's service account (IRSA); deploy/k8s names it denywatch-ingest."
  type        = string
  default     = "denywatch-ingest"
}

variable "resolve_reader_role_name" {
  description = "Name of the read-only role `--resolve` assumes to read the policies behind a refusal (LookupSettings.readerRoleName); empty creates none. Use the same name in every account."
  type        = string
  default     = ""
}

variable "resolve_trusted_role_arn" {
  description = "ARN of the role the alerts role runs as (it makes the lookups), trusted to assume the reader role; required with resolve_reader_role_name."
  type        = string
  default     = ""
}

variable "tags" {
  description = "Tags for every resource created."
  type        = map(string)
  default     = {}
}
