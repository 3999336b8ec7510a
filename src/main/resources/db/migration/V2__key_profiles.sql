-- Routing profile per key: a sensitivity floor, a substitution mode and a default feature tag.
ALTER TABLE api_keys ADD COLUMN sensitivity_floor VARCHAR(20) NOT NULL DEFAULT 'public';
ALTER TABLE api_keys ADD COLUMN substitution VARCHAR(20);
ALTER TABLE api_keys ADD COLUMN default_feature VARCHAR(200);
