output "policy_arn" {
  description = "The publishing policy's ARN."
  value       = aws_iam_policy.publish.arn
}

output "policy_json" {
  description = "The publishing policy document."
  value       = aws_iam_policy.publish.policy
}
