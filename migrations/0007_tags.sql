-- Tags (TagResource, UntagResource, ListTagsForResource) of state machines and activities, keyed by
-- the resource's ARN and the tag's key. No foreign key: a resource's tags are deleted with it by the
-- application layer, and creating a resource replaces whatever rows its ARN still had.
CREATE TABLE tags (
  resource_arn TEXT NOT NULL,
  key          TEXT NOT NULL,
  value        TEXT NOT NULL,
  PRIMARY KEY (resource_arn, key)
) WITHOUT ROWID;
