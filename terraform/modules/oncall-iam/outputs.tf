output "role_arn" {
  description = "The role on-call engineers assume to run the DLQ tool."
  value       = aws_iam_role.oncall.arn
}

output "policy_json" {
  description = "What the role may do."
  value       = aws_iam_role_policy.dlq_tool.policy
}
