-- The create-replay check looks for an identical registration by source; without this it scanned every version.
CREATE INDEX model_version_source ON model_version (model_id, coalesce(source, ''));
