output "topic_arns" {
  description = "Each fan-out channel's topic, by the catalog's channel name: what EventBus.builder().topic(name, arn) takes."
  value       = { for topic in local.topics : topic => module.topic[topic].arn }
}

output "channel_queue_urls" {
  description = "Each point-to-point channel's queue, by the catalog's channel name: what EventBus.builder().queue(name, url) takes."
  value       = { for queue, readers in local.queue_readers : queue => module.queue[readers[0]].queue_url }
}

output "consumer_queue_urls" {
  description = "Each consumer's queue, by consumer name: what its worker polls."
  value       = { for consumer in keys(local.consumers) : consumer => module.queue[consumer].queue_url }
}

output "dlq_urls" {
  description = "Each consumer's DLQ, by consumer name: what the DLQ tool inspects and replays."
  value       = { for consumer in keys(local.consumers) : consumer => module.queue[consumer].dlq_url }
}

output "worker_role_arns" {
  description = "Each consumer's worker role, by consumer name."
  value       = { for consumer in keys(local.consumers) : consumer => module.worker_iam[consumer].role_arn }
}

output "publisher_policy_arns" {
  description = "Each event owner's publishing policy, by owner."
  value       = { for owner in local.owners : owner => module.publisher[owner].policy_arn }
}

output "oncall_role_arn" {
  description = "The role on-call engineers assume to run the DLQ tool."
  value       = module.oncall.role_arn
}

output "alarm_topic_arn" {
  description = "Where every alarm goes: subscribe the paging integration to it."
  value       = module.alarms.arn
}

output "notification_worker_service_arn" {
  description = "The notification worker's ECS service."
  value       = module.notification_worker.service_arn
}
