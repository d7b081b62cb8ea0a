-- Durable entities (DTFx's IEntityOrchestrationService). An entity is an instance whose id starts with '@'
-- ('@name@key'); is_entity tells the two queues apart so the orchestration and entity dispatchers each lock only their
-- own instances with one indexed lookup. Older builds refuse this file (schema version 3, newer than they understand).
ALTER TABLE instances ADD COLUMN is_entity INTEGER NOT NULL DEFAULT 0;
UPDATE instances SET is_entity = 1 WHERE substr(instance_id, 1, 1) = '@';
DROP INDEX ix_instances_ready;
CREATE INDEX ix_instances_ready ON instances (hub, is_entity, next_visible_at) WHERE next_visible_at IS NOT NULL;
-- Entity queries need no index of their own: every entity id starts with '@', a range of the primary key.
