variable "name" {
  description = "The SNS topic's name: the catalog channel's name, with the deployment's prefix if it has one."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,256}$", var.name))
    error_message = "A topic name is 1 to 256 letters, digits, hyphens and underscores."
  }
}

variable "publisher_services" {
  description = "AWS service principals allowed to publish to the topic (e.g. cloudwatch.amazonaws.com for an alarm topic). Applications publish through IAM (the publisher-iam module), not through this list."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for s in var.publisher_services : can(regex("^[a-z0-9.-]+\\.amazonaws\\.com$", s))])
    error_message = "Each publisher service is a service principal such as cloudwatch.amazonaws.com."
  }
}

variable "kms_deletion_window_in_days" {
  description = "Days a deleted topic key waits before it is destroyed (7 to 30)."
  type        = number
  default     = 30

  validation {
    condition     = var.kms_deletion_window_in_days >= 7 && var.kms_deletion_window_in_days <= 30
    error_message = "The KMS deletion window is 7 to 30 days."
  }
}

variable "tags" {
  description = "Tags for every resource the module creates."
  type        = map(string)
  default     = {}
}
