# Participer et se désinscrire
notice-join-participant = Vous participez. À bientôt !
notice-join-pending = Votre demande est envoyée. L’équipe organisatrice y répondra.
notice-join-waitlisted = L’événement est complet : vous êtes sur la liste d’attente, et aurez la première place qui se libère.
notice-left-event = Vous ne participez plus à cet événement.
participation-message = Message à l’équipe organisatrice
participation-message-hint = Facultatif. Seule l’équipe organisatrice le lit.
participation-back-to-event = Retour à l’événement

# Sans compte
anonymous-title = Participer sans compte
anonymous-lead = Participez à « { $event } » avec votre seule adresse e-mail.
anonymous-privacy = Votre adresse sert uniquement à confirmer et gérer votre participation. Elle n’est jamais montrée à personne, pas même à l’équipe organisatrice, et ne quitte jamais cette instance.
anonymous-email-hint = Nous vous enverrons un lien de confirmation. Chaque message contient un lien pour annuler.
anonymous-submit = Participer
anonymous-mail-sent = Nous vous avons envoyé un message avec un lien pour confirmer votre participation. Tant que vous ne l’avez pas confirmée, elle n’est pas comptée.
anonymous-confirm-title = Confirmez votre participation
anonymous-confirm-text = Un clic et votre participation est comptée.
anonymous-confirm-submit = Confirmer ma participation
anonymous-cancel-title = Annuler votre participation
anonymous-cancel-text = Vous ne participerez plus à cet événement. Vous pourrez vous réinscrire plus tard s’il reste de la place.
anonymous-cancel-submit = Annuler ma participation
notice-anonymous-confirmed = Votre participation est confirmée. À bientôt !
notice-anonymous-pending = Votre adresse est confirmée. L’équipe organisatrice répondra à votre demande.
notice-anonymous-cancelled = Votre participation est annulée.

# Gestion des participant·es
participants-title = Participant·es de « { $event } »
participants-filter = Afficher
participants-all = Tout le monde
participants-export = Télécharger en tableur (CSV)
participants-none = Personne pour l’instant.
participants-select = Sélectionner
participants-select-one = Sélectionner { $name }
participants-name = Nom
participants-handle = Adresse
participants-role = Rôle
participants-message = Message
participants-since = Depuis
participants-decide = Avec les personnes sélectionnées
participants-decision = Action
participants-approve = Accepter
participants-reject = Refuser
participants-promote = Nommer co-organisateur·ice
participants-note = Message à leur intention
participants-note-hint = Facultatif. Envoyé par e-mail avec la décision.
participants-apply = Appliquer
notice-participants-updated = C’est fait.
notice-participants-unchanged = Rien n’a changé : sélectionnez des personnes dont le rôle permet cette action.
participant-anonymous = Participant·e sans compte
participant-role-creator = Organisateur·ice
participant-role-co-organizer = Co-organisateur·ice
participant-role-participant = Participant·e
participant-role-pending = En attente d’acceptation
participant-role-waitlisted = Sur liste d’attente
participant-role-unconfirmed = Adresse non confirmée
participant-role-invited = Invité·e
participant-role-rejected = Refusé·e

# Invitations
participants-invite = Inviter quelqu’un
participants-invite-label = Nom d’utilisateur sur cette instance
participants-invite-hint = Le nom de l’identité, comme rose ou @rose. Elle reçoit un e-mail et peut ensuite participer, même à un événement privé ou sur invitation.
participants-invite-submit = Inviter
notice-invited = Invitation envoyée.
error-username-unknown = Aucune identité de cette instance ne porte ce nom.
mail-invitation-subject = Vous êtes invité·e à « { $event } »
mail-invitation-body = L’équipe organisatrice de « { $event } » sur { $instance } vous a invité·e. Ouvrez l’événement pour participer.
mail-invitation-action = Voir l’événement
