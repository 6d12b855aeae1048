output "service_arn" {
  description = "The ECS service."
  value       = aws_ecs_service.worker.id
}

output "task_definition_arn" {
  description = "The task definition revision the service runs."
  value       = aws_ecs_task_definition.worker.arn
}

output "execution_role_arn" {
  description = "The role ECS uses to pull the image, write logs and inject the secrets."
  value       = aws_iam_role.execution.arn
}

output "log_group_name" {
  description = "Where the worker's logs go."
  value       = aws_cloudwatch_log_group.worker.name
}
