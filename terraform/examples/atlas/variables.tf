variable "region" {
  description = "The AWS region of everything."
  type        = string
  default     = "eu-west-1"
}

variable "name_prefix" {
  description = "Put before every topic, queue, role and alarm name (e.g. \"prod-\"); the catalog's logical names follow it."
  type        = string
  default     = ""

  validation {
    condition     = can(regex("^[a-z0-9-]{0,16}$", var.name_prefix))
    error_message = "name_prefix is at most 16 lowercase letters, digits and hyphens."
  }
}

variable "catalog_file" {
  description = "The event catalog to build from; null for the project's own (event-schemas/src/main/resources/eventbus/catalog.json)."
  type        = string
  default     = null
}

variable "notification_worker_image" {
  description = "The notification worker's container image (built from handlers-notification/Dockerfile)."
  type        = string
}

variable "notification_worker_environment" {
  description = "More environment of the notification worker (Redis, SMTP or SES, sender address, webhook endpoints file, ...); it overrides the settings this module derives (queue URL, region, time limits)."
  type        = map(string)
  default     = {}
}

variable "notification_worker_secrets" {
  description = "Environment variables of the notification worker that ECS fills from Secrets Manager or SSM, by name (e.g. SMTP_PASSWORD = <secret ARN>)."
  type        = map(string)
  default     = {}
}

variable "subnet_ids" {
  description = "Private subnets for the worker tasks."
  type        = list(string)
}

variable "security_group_ids" {
  description = "Security groups for the worker tasks (egress to SQS, SNS, Redis, SMTP and the webhook endpoints)."
  type        = list(string)
}

variable "oncall_principal_arns" {
  description = "IAM users or roles of the on-call engineers, who may assume the DLQ tool's role (with MFA)."
  type        = list(string)
}

variable "publisher_role_names" {
  description = "The IAM roles each event owner (the catalog's owner field) publishes with, to attach its publishing policy to; owners without roles here get the policy unattached."
  type        = map(list(string))
  default     = {}
}

variable "tags" {
  description = "Tags for everything (beside eventbus:catalog = atlas)."
  type        = map(string)
  default     = {}
}
