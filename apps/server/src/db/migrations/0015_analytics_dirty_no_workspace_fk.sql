-- analytics_dirty is written by a trigger on every public message. Its workspace reference took
-- a key-share lock on the one hot workspace row in every posting transaction (what 0005 removed
-- for messages). The row goes with its conversation through that cascade, so the workspace
-- check adds nothing. Rows live until the next refresh, so vacuum the table often.
alter table analytics_dirty drop constraint analytics_dirty_workspace_id_fkey;
alter table analytics_dirty set (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000);
