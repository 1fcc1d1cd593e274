## Administration: the federation delivery queue.

admin-federation-title = Federation
admin-federation-lead = Activities waiting to reach other servers, and how each server has been answering. A delivery that fails is tried again after 1 minute, then 2, 4, 8… up to every 6 hours, for three days. A server that failed 8 times in a row over at least 12 hours counts as unreachable: it is tried once every 12 hours until it answers again.
admin-federation-caption = Deliveries per instance (times in UTC)
admin-federation-host = Instance
admin-federation-queued = Queued
admin-federation-failed = Failed
admin-federation-failures = Failures in a row
admin-federation-last-success = Last success
admin-federation-state = State
admin-federation-next = Next attempt
admin-federation-alive = Reachable
admin-federation-dead = Unreachable
admin-federation-never = Never
admin-federation-nothing-queued = Nothing queued
admin-federation-empty = Nothing has been sent to another server yet.
admin-federation-cli = The same table on the command line: ensemble federation queue
settings-admin = Administration
settings-admin-federation = Federation: delivery queue
