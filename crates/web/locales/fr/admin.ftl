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
