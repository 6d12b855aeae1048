output "role_arn" {
  description = "The worker's role: the ECS task role of its service."
  value       = aws_iam_role.worker.arn
}

output "role_name" {
  description = "The worker's role name (attach a publisher-iam policy to it if the worker also publishes)."
  value       = aws_iam_role.worker.name
}

output "policy_json" {
  description = "The worker's permissions."
  value       = aws_iam_role_policy.consume.policy
}
