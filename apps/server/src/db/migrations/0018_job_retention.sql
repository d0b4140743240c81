-- Finished jobs are deleted after a retention period (modules/jobs/job-retention.ts): this
-- index finds the oldest ones without reading the queue.
create index jobs_finished on jobs (updated_at) where status in ('done', 'failed');
