{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "ReadIdentityPolicies",
      "Effect": "Allow",
      "Action": [
        "iam:GetPolicy",
        "iam:GetPolicyVersion",
        "iam:GetRole",
        "iam:GetRolePolicy",
        "iam:ListAttachedRolePolicies",
        "iam:ListRolePolicies",
        "iam:GetUser",
        "iam:GetUserPolicy",
        "iam:ListAttachedUserPolicies",
        "iam:ListUserPolicies",
        "iam:ListGroupsForUser",
        "iam:GetGroupPolicy",
        "iam:ListAttachedGroupPolicies",
        "iam:ListGroupPolicies",
        "iam:SimulatePrincipalPolicy"
      ],
      "Resource": ["*"]
    },
    {
      "Sid": "ReadOrganizationPolicies",
      "Effect": "Allow",
      "Action": [
        "organizations:DescribePolicy",
        "organizations:ListParents",
        "organizations:ListPoliciesForTarget"
      ],
      "Resource": ["*"]
    },
    {
      "Sid": "DecodeAuthorizationMessages",
      "Effect": "Allow",
      "Action": ["sts:DecodeAuthorizationMessage"],
      "Resource": ["*"]
    }
  ]
}
