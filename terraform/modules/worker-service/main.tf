# A worker as an ECS Fargate service: task definition (image, environment, secrets, health check, a stop
# timeout longer than the worker's shutdown grace, logs), the execution role that pulls the image and
# reads exactly its secrets, and target-tracking autoscaling on backlog per task (queue depth divided
# by running tasks).

data "aws_region" "current" {}

data "aws_caller_identity" "current" {}

locals {
  cluster_name = element(split("/", var.cluster_arn), length(split("/", var.cluster_arn)) - 1)
  log_group    = "/ecs/${var.name}"

  # The image's own probe (the Dockerfile's HEALTHCHECK runs the same class), asking the admin port for
  # /health/live: ECS replaces unhealthy tasks, and a worker paused by a Redis outage is alive, not broken.
  # It needs neither curl nor a shell.
  health_check_command = coalesce(var.health_check_command, [
    "CMD", "java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx24m", "-cp", "/app/lib/handlers-notification.jar",
    "dev.eventbus.notification.HealthCheck", "live", tostring(var.admin_port),
  ])

  secret_arns    = sort([for arn in values(var.secrets) : arn if can(regex("^arn:aws[a-z-]*:secretsmanager:", arn))])
  parameter_arns = sort([for arn in values(var.secrets) : arn if can(regex("^arn:aws[a-z-]*:ssm:", arn))])
  execution_rules = concat(
    [{
      # The awslogs driver writes one stream per task, named by ECS: the streams of this log group only.
      Sid      = "WriteOwnLogs"
      Effect   = "Allow"
      Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
      Resource = "${aws_cloudwatch_log_group.worker.arn}:log-stream:*"
    }],
    length(local.secret_arns) == 0 ? [] : [{
      Sid      = "InjectOwnSecrets"
      Effect   = "Allow"
      Action   = "secretsmanager:GetSecretValue"
      Resource = local.secret_arns
    }],
    length(local.parameter_arns) == 0 ? [] : [{
      Sid      = "InjectOwnParameters"
      Effect   = "Allow"
      Action   = "ssm:GetParameters"
      Resource = local.parameter_arns
    }],
    length(var.secrets_kms_key_arns) == 0 ? [] : [{
      Sid      = "DecryptOwnSecrets"
      Effect   = "Allow"
      Action   = "kms:Decrypt"
      Resource = sort(var.secrets_kms_key_arns)
    }],
    [for rule in [
      {
        Sid      = "PullOwnImage"
        Effect   = "Allow"
        Action   = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"]
        Resource = var.ecr_repository_arn
      },
      {
        # GetAuthorizationToken has no resource-level permissions: AWS accepts only "*" here.
        Sid      = "LogInToEcr"
        Effect   = "Allow"
        Action   = "ecr:GetAuthorizationToken"
        Resource = "*"
      },
    ] : rule if var.ecr_repository_arn != null],
  )
}

resource "aws_cloudwatch_log_group" "worker" {
  name              = local.log_group
  retention_in_days = var.log_retention_days
  kms_key_id        = var.log_kms_key_arn
  tags              = var.tags
}

resource "aws_iam_role" "execution" {
  name = "${var.name}-execution"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "EcsStartsTheTasks"
      Effect    = "Allow"
      Principal = { Service = "ecs-tasks.amazonaws.com" }
      Action    = "sts:AssumeRole"
      Condition = { StringEquals = { "aws:SourceAccount" = data.aws_caller_identity.current.account_id } }
    }]
  })
  tags = var.tags
}

resource "aws_iam_role_policy" "execution" {
  name   = "start-${var.name}"
  role   = aws_iam_role.execution.name
  policy = jsonencode({ Version = "2012-10-17", Statement = local.execution_rules })
}

resource "aws_ecs_task_definition" "worker" {
  family                   = var.name
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = tostring(var.cpu)
  memory                   = tostring(var.memory)
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = var.task_role_arn

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = var.cpu_architecture
  }

  container_definitions = jsonencode([{
    name        = var.name
    image       = var.image
    essential   = true
    environment = [for k in sort(keys(var.environment)) : { name = k, value = var.environment[k] }]
    secrets     = [for k in sort(keys(var.secrets)) : { name = k, valueFrom = var.secrets[k] }]
    healthCheck = {
      command     = local.health_check_command
      interval    = 15
      timeout     = 5
      retries     = 3
      startPeriod = 30
    }
    # SIGTERM reaches the JVM (exec-form entrypoint); ECS kills it only after stopTimeout.
    stopTimeout     = var.stop_timeout_seconds
    linuxParameters = { initProcessEnabled = true }
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = aws_cloudwatch_log_group.worker.name
        awslogs-region        = data.aws_region.current.region
        awslogs-stream-prefix = "worker"
      }
    }
  }])

  tags = var.tags

  lifecycle {
    precondition {
      condition     = var.stop_timeout_seconds >= max(var.shutdown_grace_seconds, var.long_poll_seconds) + 15
      error_message = "${var.name}: ECS would kill the worker ${var.stop_timeout_seconds} s after SIGTERM, before it can stop: it lets a long poll in progress (${var.long_poll_seconds} s) finish and running handlers their ${var.shutdown_grace_seconds} s shutdown grace, then spends up to 15 s interrupting what is left and flushing its deletes; killed earlier, handlers are cut off and deletes lost (they come back as duplicates). Make stop_timeout_seconds at least ${max(var.shutdown_grace_seconds, var.long_poll_seconds) + 15}."
    }
  }
}

resource "aws_ecs_service" "worker" {
  name                               = var.name
  cluster                            = var.cluster_arn
  task_definition                    = aws_ecs_task_definition.worker.arn
  desired_count                      = var.min_tasks
  launch_type                        = "FARGATE"
  platform_version                   = "LATEST"
  deployment_minimum_healthy_percent = 100
  deployment_maximum_percent         = 200
  propagate_tags                     = "SERVICE"
  enable_execute_command             = false

  network_configuration {
    subnets          = var.subnet_ids
    security_groups  = var.security_group_ids
    assign_public_ip = var.assign_public_ip
  }

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  tags = var.tags

  lifecycle {
    # Autoscaling owns the task count once the service runs.
    ignore_changes = [desired_count]
  }
}

resource "aws_appautoscaling_target" "worker" {
  service_namespace  = "ecs"
  resource_id        = "service/${local.cluster_name}/${aws_ecs_service.worker.name}"
  scalable_dimension = "ecs:service:DesiredCount"
  min_capacity       = var.min_tasks
  max_capacity       = var.max_tasks

  lifecycle {
    precondition {
      condition     = var.max_tasks >= var.min_tasks
      error_message = "max_tasks (${var.max_tasks}) is below min_tasks (${var.min_tasks})."
    }
  }
}

resource "aws_appautoscaling_policy" "backlog_per_task" {
  name               = "${var.name}-backlog-per-task"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.worker.service_namespace
  resource_id        = aws_appautoscaling_target.worker.resource_id
  scalable_dimension = aws_appautoscaling_target.worker.scalable_dimension

  target_tracking_scaling_policy_configuration {
    target_value       = var.backlog_per_task
    scale_out_cooldown = 60
    scale_in_cooldown  = 300

    customized_metric_specification {
      metrics {
        id          = "visible"
        label       = "Messages waiting on ${var.queue_name}"
        return_data = false

        metric_stat {
          stat = "Sum"
          metric {
            namespace   = "AWS/SQS"
            metric_name = "ApproximateNumberOfMessagesVisible"
            dimensions {
              name  = "QueueName"
              value = var.queue_name
            }
          }
        }
      }

      metrics {
        id          = "tasks"
        label       = "Running tasks of ${var.name}"
        return_data = false

        metric_stat {
          stat = "Average"
          metric {
            namespace   = "ECS/ContainerInsights"
            metric_name = "RunningTaskCount"
            dimensions {
              name  = "ClusterName"
              value = local.cluster_name
            }
            dimensions {
              name  = "ServiceName"
              value = aws_ecs_service.worker.name
            }
          }
        }
      }

      metrics {
        id          = "backlog_per_task"
        label       = "Messages waiting per running task"
        expression  = "visible / tasks"
        return_data = true
      }
    }
  }
}
