{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "ListTrailFolders",
      "Effect": "Allow",
      "Action": ["s3:ListBucket"],
      "Resource": ["${bucket_arn}"],
      "Condition": {"StringLike": {"s3:prefix": ["${logs_prefix}*"]}}
    },
    {
      "Sid": "ReadTrailLogFiles",
      "Effect": "Allow",
      "Action": ["s3:GetObject"],
      "Resource": ["${bucket_arn}/${logs_prefix}*"]
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
