-- Where a face template came from (issue 12): 'setup' (Face ID setup; every existing row) or 'login' (added by a
-- confident, uncontested, liveness-checked face login: io.facegate.account.LoginTemplates). SQLite and PostgreSQL.
ALTER TABLE face_templates ADD COLUMN source VARCHAR(16) DEFAULT 'setup' NOT NULL;
