provider "aws" {
  region = "eu-west-1"
}

variables {
  name               = "notifications-worker"
  cluster_arn        = "arn:aws:ecs:eu-west-1:123456789012:cluster/eventbus-workers"
  image              = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/eventbus/notification-worker:0.1.0"
  task_role_arn      = "arn:aws:iam::123456789012:role/notifications-worker"
  queue_name         = "notifications"
  subnet_ids         = ["subnet-0a1b2c3d4e5f60001"]
  security_group_ids = ["sg-0a1b2c3d4e5f60001"]
  environment        = { QUEUE_URL = "https://sqs.eu-west-1.amazonaws.com/123456789012/notifications" }
  secrets            = { SMTP_PASSWORD = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:smtp-AbCdEf" }
}

run "runs_the_image_with_its_environment_secrets_health_check_and_logs" {
  assert {
    condition     = jsondecode(aws_ecs_task_definition.worker.container_definitions)[0].image == var.image
    error_message = "The task does not run the worker's image."
  }
  assert {
    condition     = jsondecode(aws_ecs_task_definition.worker.container_definitions)[0].environment == [{ name = "QUEUE_URL", value = "https://sqs.eu-west-1.amazonaws.com/123456789012/notifications" }]
    error_message = "The worker does not get its environment."
  }
  assert {
    condition     = jsondecode(aws_ecs_task_definition.worker.container_definitions)[0].secrets == [{ name = "SMTP_PASSWORD", valueFrom = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:smtp-AbCdEf" }]
    error_message = "The worker's secret is not injected from Secrets Manager."
  }
  assert {
    condition     = slice(jsondecode(aws_ecs_task_definition.worker.container_definitions)[0].healthCheck.command, 7, 10) == ["dev.eventbus.notification.HealthCheck", "live", "8080"]
    error_message = "The health check does not ask the worker's admin port."
  }
  assert {
    condition     = jsondecode(aws_ecs_task_definition.worker.container_definitions)[0].logConfiguration.options["awslogs-group"] == "/ecs/notifications-worker"
    error_message = "The worker does not log to its log group."
  }
  assert {
    condition     = aws_ecs_task_definition.worker.requires_compatibilities == toset(["FARGATE"]) && aws_ecs_service.worker.launch_type == "FARGATE"
    error_message = "The worker does not run on Fargate."
  }
}

run "stops_after_the_workers_shutdown_grace" {
  assert {
    condition     = jsondecode(aws_ecs_task_definition.worker.container_definitions)[0].stopTimeout == 60
    error_message = "The container's stop timeout does not leave the worker its 25 s grace, its 20 s last poll and 15 s to flush."
  }
}

run "the_execution_role_reads_exactly_its_secrets_and_writes_its_logs" {
  assert {
    condition = jsondecode(aws_iam_role_policy.execution.policy).Statement == [
      { Sid = "WriteOwnLogs", Effect = "Allow", Action = ["logs:CreateLogStream", "logs:PutLogEvents"], Resource = "arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/notifications-worker:log-stream:*" },
      { Sid = "InjectOwnSecrets", Effect = "Allow", Action = "secretsmanager:GetSecretValue", Resource = ["arn:aws:secretsmanager:eu-west-1:123456789012:secret:smtp-AbCdEf"] },
    ]
    error_message = "The execution role may do more than write its logs and read its secret."
  }
}

run "pulls_from_exactly_its_ecr_repository_when_given_one" {
  variables {
    ecr_repository_arn = "arn:aws:ecr:eu-west-1:123456789012:repository/eventbus/notification-worker"
  }
  assert {
    condition     = one([for s in jsondecode(aws_iam_role_policy.execution.policy).Statement : s.Resource if s.Sid == "PullOwnImage"]) == var.ecr_repository_arn
    error_message = "The execution role cannot pull from the image's repository, or from others too."
  }
}

run "scales_on_backlog_per_running_task" {
  assert {
    condition     = aws_appautoscaling_target.worker.resource_id == "service/eventbus-workers/notifications-worker" && aws_appautoscaling_target.worker.min_capacity == 1 && aws_appautoscaling_target.worker.max_capacity == 4
    error_message = "Autoscaling does not target the service's task count."
  }
  assert {
    condition = one([
      for m in aws_appautoscaling_policy.backlog_per_task.target_tracking_scaling_policy_configuration[0].customized_metric_specification[0].metrics : m.expression if m.return_data
    ]) == "visible / tasks"
    error_message = "The scaling metric is not queue depth divided by running tasks."
  }
  assert {
    condition = one(flatten([
      for m in aws_appautoscaling_policy.backlog_per_task.target_tracking_scaling_policy_configuration[0].customized_metric_specification[0].metrics : [
        for s in m.metric_stat : [for d in s.metric[0].dimensions : d.value if d.name == "QueueName"]
      ]
    ])) == "notifications"
    error_message = "The backlog is not the worker's queue's."
  }
  assert {
    condition     = aws_appautoscaling_policy.backlog_per_task.target_tracking_scaling_policy_configuration[0].target_value == 100
    error_message = "The backlog target is not the one asked for."
  }
}

run "refuses_a_stop_timeout_within_the_shutdown_grace" {
  command = plan
  variables {
    stop_timeout_seconds = 20
  }
  expect_failures = [aws_ecs_task_definition.worker]
}

run "refuses_a_stop_timeout_that_cuts_off_the_last_poll_and_flush" {
  command = plan
  variables {
    stop_timeout_seconds = 39
  }
  expect_failures = [aws_ecs_task_definition.worker]
}
