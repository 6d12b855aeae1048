variable "name" {
  description = "The on-call role's name."
  type        = string
}

variable "trusted_principal_arns" {
  description = "Who may assume the role: IAM users or roles of the on-call engineers (e.g. an SSO permission set's role)."
  type        = list(string)

  validation {
    condition     = length(var.trusted_principal_arns) > 0 && alltrue([for p in var.trusted_principal_arns : can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:", p))])
    error_message = "Name at least one trusted principal, each an IAM ARN (arn:aws:iam::<account>:...); never a wildcard."
  }
}

variable "require_mfa" {
  description = "Assuming the role needs a session signed in with MFA."
  type        = bool
  default     = true
}

variable "max_session_duration" {
  description = "Longest session, in seconds (1 hour by default)."
  type        = number
  default     = 3600
}

variable "queues" {
  description = "The consumers whose DLQs on-call may inspect and replay, by consumer name: each one's queue, DLQ and their key (consumer-queue's outputs)."
  type = map(object({
    queue_arn   = string
    dlq_arn     = string
    kms_key_arn = string
  }))

  validation {
    condition     = length(var.queues) > 0
    error_message = "Give on-call at least one consumer's queues."
  }
}

variable "allow_purge" {
  description = "Also allow emptying DLQs (sqs:PurgeQueue). Off by default: a purge cannot be undone."
  type        = bool
  default     = false
}

variable "allow_delete_queue" {
  description = "Also allow deleting DLQs (sqs:DeleteQueue). Off by default: Terraform owns the queues."
  type        = bool
  default     = false
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
