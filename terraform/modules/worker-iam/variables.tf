variable "name" {
  description = "The worker role's name, e.g. <consumer>-worker."
  type        = string
}

variable "queue_arn" {
  description = "The worker's own queue (consumer-queue's queue_arn)."
  type        = string
}

variable "dlq_arn" {
  description = "The worker's own DLQ (consumer-queue's dlq_arn), where it sends messages that can never succeed."
  type        = string
}

variable "kms_key_arn" {
  description = "The key of the queue and its DLQ (consumer-queue's kms_key_arn)."
  type        = string
}

variable "secret_arns" {
  description = "Secrets Manager secrets the worker reads itself at run time (not those ECS injects; worker-service's execution role reads those)."
  type        = list(string)
  default     = []
}

variable "assume_role_services" {
  description = "Service principals that run the worker and assume the role."
  type        = list(string)
  default     = ["ecs-tasks.amazonaws.com"]
}

variable "path" {
  description = "The IAM path of the role."
  type        = string
  default     = "/"
}

variable "tags" {
  description = "Tags for the role."
  type        = map(string)
  default     = {}
}
