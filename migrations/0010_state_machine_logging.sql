-- CreateStateMachine / UpdateStateMachine's loggingConfiguration and tracingConfiguration.
-- logging: the normalised LoggingConfiguration as JSON text; NULL is AWS's default (level OFF, no data).
-- tracing_enabled: tracingConfiguration.enabled (stored and answered; nothing is traced).
-- encryptionConfiguration needs no column: only AWS_OWNED_KEY is accepted, and it is what is answered.
ALTER TABLE state_machines ADD COLUMN logging TEXT;
ALTER TABLE state_machines ADD COLUMN tracing_enabled INTEGER NOT NULL DEFAULT 0;
