-- Records of recent Express executions (README "Express workflows", not in AWS): one row of
-- `executions` per ended Express execution (its ARN holds `:express:`), written once at its end, so
-- ListExecutions, its status filter, paging and the console's counts read them as they read the rows
-- of Standard executions, on the same index. Only Express rows use the new columns: error and cause
-- (a failed or timed-out run), input and output (EXPRESS_RECORDS = "data" only, each capped). Adding
-- nullable columns rewrites no existing row.
ALTER TABLE executions ADD COLUMN error TEXT;
ALTER TABLE executions ADD COLUMN cause TEXT;
ALTER TABLE executions ADD COLUMN input TEXT;
ALTER TABLE executions ADD COLUMN output TEXT;
