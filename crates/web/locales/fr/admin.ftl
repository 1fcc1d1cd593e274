## Administration : la file d’envoi de la fédération.

admin-federation-title = Fédération
admin-federation-lead = Les activités en attente d’envoi vers d’autres serveurs, et la façon dont chaque serveur a répondu. Un envoi qui échoue est retenté après 1 minute, puis 2, 4, 8… jusqu’à toutes les 6 heures, pendant trois jours. Un serveur qui a échoué 8 fois de suite sur au moins 12 heures est considéré comme injoignable : il est essayé une fois toutes les 12 heures, jusqu’à ce qu’il réponde de nouveau.
admin-federation-caption = Envois par instance (heures UTC)
admin-federation-host = Instance
admin-federation-queued = En attente
admin-federation-failed = Échoués
admin-federation-failures = Échecs consécutifs
admin-federation-last-success = Dernier succès
admin-federation-state = État
admin-federation-next = Prochain essai
admin-federation-alive = Joignable
admin-federation-dead = Injoignable
admin-federation-never = Jamais
admin-federation-nothing-queued = Rien en attente
admin-federation-empty = Rien n’a encore été envoyé à un autre serveur.
admin-federation-cli = Le même tableau en ligne de commande : ensemble federation queue
settings-admin = Administration
settings-admin-federation = Fédération : file d’envoi
admin-federation-queue = File d’envoi

## Administration : abonnements entre instances.

admin-follows-title = Instances
admin-follows-lead = Suivez une autre instance pour lister ici ses événements publics. Les instances qui suivent celle-ci reçoivent ses événements publics ; elles sont acceptées automatiquement, puisque seul ce qui est public est partagé.
admin-follows-actor = Instance à suivre
admin-follows-actor-hint = Son domaine, par exemple events.example.org, ou l’adresse de son acteur, par exemple https://events.example.org/relay.
admin-follows-follow = Suivre cette instance
admin-follows-following = Instances suivies
admin-follows-following-none = Cette instance n’en suit aucune autre.
admin-follows-followers = Instances qui suivent celle-ci
admin-follows-followers-none = Aucune instance ne suit celle-ci.
admin-follows-instance = Instance
admin-follows-state = État
admin-follows-since = Depuis (UTC)
admin-follows-actions = Actions
admin-follows-pending = En attente d’acceptation
admin-follows-accepted = Acceptée
admin-follows-unfollow = Ne plus suivre
admin-follows-unfollow-label = Ne plus suivre { $instance }
admin-follows-unreachable = Cette adresse est injoignable, ou ne répond pas par un acteur ActivityPub.
admin-follows-not-address = Donnez le domaine de l’instance, par exemple events.example.org, ou l’adresse de son acteur, commençant par https://.
admin-follows-not-found = Aucun acteur d’instance n’a été trouvé là : le serveur n’en indique pas.
admin-follows-refused = Cette adresse n’est pas autorisée : seuls des serveurs publics en https peuvent être suivis.
admin-follows-cli = En ligne de commande : ensemble federation follow DOMAINE, ensemble federation unfollow DOMAINE, ensemble federation following
conflict-not-an-instance = Cette adresse n’est pas l’acteur d’une instance (Application ou Service), mais une personne ou un groupe.
conflict-no-inbox = L’acteur de cette instance n’a pas de boîte de réception où écrire.
notice-instance-follow-requested = Abonnement demandé. L’instance apparaît comme suivie dès qu’elle accepte.
notice-instance-unfollowed = Cette instance n’est plus suivie.
