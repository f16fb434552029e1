output "queue_url" {
  description = "Set as ingest.queue-url (DENYWATCH_INGEST_QUEUE_URL)."
  value       = aws_sqs_queue.notifications.id
}

output "queue_arn" {
  description = "ARN of the notification queue."
  value       = aws_sqs_queue.notifications.arn
}

output "dead_letter_queue_url" {
  description = "Notifications that failed max_receive_count times; redrive them to the queue once the cause is fixed."
  value       = aws_sqs_queue.dead_letters.id
}

output "ingest_policy_arn" {
  description = "The ingestor's least-privilege policy: attach it to whatever role the ingestor runs as."
  value       = aws_iam_policy.ingest.arn
}

output "replay_policy_arn" {
  description = "The replay policy, when create_replay_policy is true."
  value       = var.create_replay_policy ? aws_iam_policy.replay[0].arn : null
}

output "ingest_role_arn" {
  description = "The IRSA role, when eks_oidc_provider_arn is set: the eks.amazonaws.com/role-arn annotation of the denywatch-ingest service account."
  value       = var.eks_oidc_provider_arn != "" ? aws_iam_role.ingest[0].arn : null
}

output "fast_path_queue_url" {
  description = "Set as ingest.fast-path.queue-url (DENYWATCH_INGEST_FAST_PATH_QUEUE_URL), when fast_path is true."
  value       = var.fast_path ? aws_sqs_queue.fast_path[0].id : null
}

output "fast_path_rule_arn" {
  description = "The EventBridge rule of the fast path, when fast_path is true."
  value       = var.fast_path ? aws_cloudwatch_event_rule.fast_path[0].arn : null
}

output "resolve_reader_role_arn" {
  description = "The reader role `--resolve` assumes in this account, when resolve_reader_role_name is set."
  value       = var.resolve_reader_role_name != "" ? aws_iam_role.resolve_reader[0].arn : null
}

output "resolve_reader_policy_arn" {
  description = "The reader's read-only policy; attach it to denywatch's own role too for lookups in its own account."
  value       = var.resolve_reader_role_name != "" ? aws_iam_policy.resolve_reader[0].arn : null
}

output "resolve_assume_policy_arn" {
  description = "Lets the role denywatch runs as assume the reader role in any account: attach it to that role."
  value       = var.resolve_reader_role_name != "" ? aws_iam_policy.resolve_assume[0].arn : null
}
