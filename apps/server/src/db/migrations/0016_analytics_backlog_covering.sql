-- The backlog count of a report filtered by a slice (a team, an agent, a channel, …) read
-- every unsolved row from the table to test the slice: the partial index held the workspace
-- only. Carrying the slice columns lets every filter count from the index alone (once vacuum
-- has marked the pages all-visible), as the unfiltered count already did.
drop index conversation_facts_backlog;
create index conversation_facts_backlog on conversation_facts (workspace_id)
  include (channel, team_id, assignee_id, priority, tier, language, tag_ids)
  where solved_at is null and not merged;
