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
settings-admin-federation = Federation: instances and delivery queue
admin-federation-queue = Delivery queue

## Administration: instance follows.

admin-follows-title = Instances
admin-follows-lead = Follow another instance to list its public events here. Instances that follow this one receive its public events; they are accepted automatically, since only what is public is shared.
admin-follows-actor = Instance to follow
admin-follows-actor-hint = Its domain, such as events.example.org, or the address of its actor, such as https://events.example.org/relay.
admin-follows-follow = Follow this instance
admin-follows-following = Instances followed
admin-follows-following-none = This instance follows no other instance.
admin-follows-followers = Instances following this one
admin-follows-followers-none = No instance follows this one.
admin-follows-instance = Instance
admin-follows-state = State
admin-follows-since = Since (UTC)
admin-follows-actions = Actions
admin-follows-pending = Waiting for acceptance
admin-follows-accepted = Accepted
admin-follows-unfollow = Unfollow
admin-follows-unfollow-label = Stop following { $instance }
admin-follows-unreachable = This address cannot be reached, or does not answer with an ActivityPub actor.
admin-follows-not-address = Give the instance's domain, such as events.example.org, or the address of its actor, starting with https://.
admin-follows-not-found = No instance actor was found there: the server does not name one.
admin-follows-refused = This address is not allowed: only public servers over https can be followed.
admin-follows-cli = On the command line: ensemble federation follow DOMAIN, ensemble federation unfollow DOMAIN, ensemble federation following
conflict-not-an-instance = This address is not an instance's actor (an Application or Service), but a person or a group.
conflict-no-inbox = This instance's actor has no inbox to write to.
notice-instance-follow-requested = Follow requested. The instance is listed as followed once it accepts.
notice-instance-unfollowed = This instance is no longer followed.
