/// Profiles for the tables ddbaudit started from (the seed tables).
package enum BuiltinProfiles {
  static let day: Int64 = 86_400

  package static let events = TableProfile(
    name: "events", match: ["events", "*-events", "*_events"],
    partitionKey: "user_id", sortKey: "timestamp#event_id", time: .sortKeyPrefix, ttlAttribute: "ttl",
    indexes: ["event_type", "status"],
    mutableAttributes: ["status", "status#timestamp", "retry_count", "attempts", "last_attempt_at", "next_retry_at", "error"],
    retention: .init(ttlRequired: true, maximumSeconds: 30 * day))

  package static let apiKeys = TableProfile(
    name: "api_keys", match: ["api_keys", "*-api-keys", "*_api_keys"],
    partitionKey: "user_id", sortKey: "key_id", time: .attribute("created_at"), ttlAttribute: "ttl",
    indexes: ["key_hash", "account_id"], indexAliases: ["key_hash": "api_key_hash"],
    mutableAttributes: ["status", "last_used_at", "ttl", "disabled_at", "revoked_at"],
    retention: .init(ttlRequired: false, keys: .init()))

  package static let auditLogs = TableProfile(
    name: "audit_logs", match: ["audit_logs", "*-audit-logs", "*_audit_logs"],
    partitionKey: "user_id", sortKey: "timestamp#log_id", time: .sortKeyPrefix, ttlAttribute: "ttl",
    chain: .init(), retention: .init(ttlRequired: true, minimumYears: 7),
    actor: .init(attribute: "user_id", matches: .either))

  package static let idempotencyKeys = TableProfile(
    name: "idempotency_keys", match: ["idempotency_keys", "*-idempotency-keys", "*_idempotency_keys"],
    partitionKey: "idempotency_key", sortKey: nil, time: .attribute("created_at"), ttlAttribute: "ttl",
    indexes: ["account_id"], mutableAttributes: ["status", "response", "completed_at"],
    retention: .init(ttlRequired: true, maximumSeconds: day))

  package static let webhookEvents = TableProfile(
    name: "webhook_events", match: ["webhook_events", "*-webhook-events", "*_webhook_events"],
    partitionKey: "webhook_id", sortKey: nil, time: .attribute("created_at"), ttlAttribute: "ttl",
    indexes: ["status", "next_retry_at"],
    mutableAttributes: ["status", "attempts", "next_retry_at", "last_attempt_at", "last_error", "response_code", "delivered_at"],
    retention: .init(ttlRequired: true))

  package static let ec2AuditLogs = TableProfile(
    name: "ec2-audit-logs", match: ["ec2-audit-logs"],
    partitionKey: "userId", sortKey: "timestamp", time: .attribute("timestamp"), ttlAttribute: "ttl",
    chain: .init(), indexes: ["action", "resourceId"], retention: .init(ttlRequired: true, minimumYears: 7),
    actor: .init(attribute: "userId", matches: .sub, email: "userEmail"))

  /// All built-in profiles; `ec2-audit-logs` is an exact name, so it wins over `*-audit-logs`.
  package static let all: [TableProfile] = [events, apiKeys, auditLogs, idempotencyKeys, webhookEvents, ec2AuditLogs]
}
