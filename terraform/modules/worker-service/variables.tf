variable "name" {
  description = "The service's name; also its task family, container and log group (/ecs/<name>)."
  type        = string
}

variable "cluster_arn" {
  description = "The ECS cluster to run in. Container Insights must be on: autoscaling reads its RunningTaskCount."
  type        = string
}

variable "image" {
  description = "The worker's container image (handlers-notification's, for the notification worker)."
  type        = string
}

variable "cpu" {
  description = "Fargate CPU units of one task."
  type        = number
  default     = 512
}

variable "memory" {
  description = "Fargate memory of one task, in MiB."
  type        = number
  default     = 1024
}

variable "cpu_architecture" {
  description = "X86_64 or ARM64, as the image was built."
  type        = string
  default     = "X86_64"

  validation {
    condition     = contains(["X86_64", "ARM64"], var.cpu_architecture)
    error_message = "cpu_architecture is X86_64 or ARM64."
  }
}

variable "task_role_arn" {
  description = "The role the worker runs as (worker-iam's role_arn)."
  type        = string
}

variable "environment" {
  description = "The worker's environment variables (its queue URL, region, Redis, ...), by name."
  type        = map(string)
  default     = {}
}

variable "secrets" {
  description = "Environment variables ECS fills from Secrets Manager secrets or SSM parameters, by variable name: each value is the secret's or parameter's ARN. The execution role may read exactly these."
  type        = map(string)
  default     = {}

  validation {
    condition     = alltrue([for arn in values(var.secrets) : can(regex("^arn:aws[a-z-]*:(secretsmanager|ssm):", arn))])
    error_message = "Each secret is the ARN of a Secrets Manager secret or an SSM parameter."
  }
}

variable "secrets_kms_key_arns" {
  description = "Customer-managed keys the secrets are encrypted with, if any (the execution role decrypts with them)."
  type        = list(string)
  default     = []
}

variable "health_check_command" {
  description = "The container health check, in ECS's form. The default runs the notification worker image's own probe of /health/live on the admin port (no curl, no shell)."
  type        = list(string)
  default     = null
}

variable "admin_port" {
  description = "The worker's admin port (metrics and health)."
  type        = number
  default     = 8080
}

variable "shutdown_grace_seconds" {
  description = "The worker's shutdown grace: how long it lets running handlers finish after SIGTERM (WorkerConfig's default is 25 s)."
  type        = number
  default     = 25
}

variable "long_poll_seconds" {
  description = "The worker's long-poll wait (WorkerConfig's default is 20 s): at SIGTERM it lets a poll in progress finish, because a receive aborted by the client still takes messages on the SQS side."
  type        = number
  default     = 20
}

variable "stop_timeout_seconds" {
  description = "How long ECS waits after SIGTERM before it kills the container (at most 120 on Fargate). At least 15 s more than the longer of the shutdown grace and the long poll, so the worker lets its last poll finish, releases what it has not started and flushes its deletes."
  type        = number
  default     = 60

  validation {
    condition     = var.stop_timeout_seconds >= 2 && var.stop_timeout_seconds <= 120
    error_message = "Fargate's stop timeout is 2 to 120 seconds."
  }
}

variable "queue_name" {
  description = "The queue the worker consumes: autoscaling tracks its backlog per task."
  type        = string
}

variable "min_tasks" {
  description = "Fewest running tasks (at least 1: backlog per task divides by the running tasks)."
  type        = number
  default     = 1

  validation {
    condition     = var.min_tasks >= 1
    error_message = "At least one task: backlog per task is queue depth divided by running tasks."
  }
}

variable "max_tasks" {
  description = "Most running tasks."
  type        = number
  default     = 4
}

variable "backlog_per_task" {
  description = "Target messages waiting per running task: about the messages one task handles within the latency you accept (its throughput times that latency)."
  type        = number
  default     = 100
}

variable "subnet_ids" {
  description = "Subnets of the tasks (private ones, with a route to SQS, SNS and Redis)."
  type        = list(string)
}

variable "security_group_ids" {
  description = "Security groups of the tasks."
  type        = list(string)
}

variable "assign_public_ip" {
  description = "Give tasks a public IP (only in public subnets without a NAT gateway)."
  type        = bool
  default     = false
}

variable "ecr_repository_arn" {
  description = "The ECR repository of the image, if it is in ECR: the execution role may then pull from exactly it."
  type        = string
  default     = null
}

variable "log_retention_days" {
  description = "How long the worker's logs are kept (a year by default, as CIS and checkov ask)."
  type        = number
  default     = 365
}

variable "log_kms_key_arn" {
  description = "A KMS key to encrypt the log group with (its key policy must let logs.<region>.amazonaws.com use it); null keeps CloudWatch's own encryption."
  type        = string
  default     = null
}

variable "tags" {
  description = "Tags for every resource the module creates."
  type        = map(string)
  default     = {}
}
