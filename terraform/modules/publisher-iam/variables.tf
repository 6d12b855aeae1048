variable "name" {
  description = "The IAM policy's name, e.g. <owner>-publish-events."
  type        = string
}

variable "topics" {
  description = "The SNS topics the publisher sends the events it owns to (fan-out channels), by channel name: each topic's ARN and KMS key ARN."
  type = map(object({
    arn         = string
    kms_key_arn = string
  }))
  default = {}
}

variable "queues" {
  description = "The SQS queues the publisher sends the events it owns to (point-to-point channels), by channel name: each queue's ARN and KMS key ARN."
  type = map(object({
    arn         = string
    kms_key_arn = string
  }))
  default = {}
}

variable "role_names" {
  description = "IAM roles of the publishing service to attach the policy to (none: attach it yourself from the policy_arn output)."
  type        = list(string)
  default     = []
}

variable "path" {
  description = "The IAM path of the policy."
  type        = string
  default     = "/"
}

variable "tags" {
  description = "Tags for the policy."
  type        = map(string)
  default     = {}
}
