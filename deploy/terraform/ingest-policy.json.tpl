{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "ReadTrailLogFiles",
      "Effect": "Allow",
      "Action": ["s3:GetObject"],
      "Resource": ["${bucket_arn}/${logs_prefix}*"]
    },
    {
      "Sid": "ConsumeNotifications",
      "Effect": "Allow",
      "Action": [
        "sqs:ReceiveMessage",
        "sqs:DeleteMessage",
        "sqs:ChangeMessageVisibility",
        "sqs:GetQueueAttributes"
      ],
      "Resource": ["${queue_arn}"%{ if fast_path_queue_arn != "" }, "${fast_path_queue_arn}"%{ endif }]
    }%{ if kms_key_arn != "" },
    {
      "Sid": "DecryptTrailLogFiles",
      "Effect": "Allow",
      "Action": ["kms:Decrypt"],
      "Resource": ["${kms_key_arn}"],
      "Condition": {"StringEquals": {"kms:ViaService": "s3.${region}.amazonaws.com"}}
    }%{ endif }
  ]
}
