# Cadre commun : en-tête, pied de page, actions courantes.
nav-skip = Aller au contenu
nav-label = Navigation principale
nav-acting-as = Vous agissez en tant que
nav-switch = Changer
nav-events = Événements
nav-my-events = Mes événements
nav-search = Chercher un événement ou une personne d’un autre serveur
nav-search-placeholder = URL ou @nom@serveur
nav-new-event = Nouvel événement
nav-identities = Mes identités
nav-account = Compte
nav-logout = Se déconnecter
nav-login = Se connecter
nav-signup = S’inscrire
footer-powered = { $name } fonctionne avec Ensemble, un logiciel libre pour les événements et les groupes.
footer-language = Langue
footer-language-apply = Appliquer
action-cancel = Annuler
action-save = Enregistrer
form-has-errors = Merci de corriger les points suivants :

# Accueil
home-page-title = Bienvenue
home-title = Bienvenue sur { $name }
home-lead = Organisez des événements et des groupes sans livrer votre communauté : pas de publicité, pas de pistage, et chaque instance communique avec les autres.
home-point-identities = Séparez famille, travail et militantisme grâce à plusieurs identités dans un seul compte.
home-point-privacy = Aucune information publique ne permet de savoir quelles identités appartiennent à la même personne.
home-point-federation = Participez aux événements d’autres instances et du reste du fédivers sans avoir besoin d’un compte partout.
home-welcome-back = Bienvenue, { $name }
home-logged-in-lead = Que souhaitez-vous faire ?
home-card-identities = Vos identités
home-card-identities-text = Créez une identité pour chaque facette de votre vie, et passez de l’une à l’autre depuis l’en-tête.
home-card-profile = Votre profil public
home-card-profile-text = Voici ce que les autres voient de l’identité que vous utilisez.

# Champs
field-email = Adresse e-mail
field-new-email = Nouvelle adresse e-mail
field-password = Mot de passe
field-new-password = Nouveau mot de passe
field-current-password = Mot de passe actuel
field-password-confirmation = Répétez le mot de passe
field-password-hint = Au moins 10 caractères. Quelques mots sans rapport entre eux font un mot de passe solide et facile à retenir.
field-username = Nom d’utilisateur
field-username-hint = Lettres minuscules, chiffres et tirets bas (_). Il devient votre adresse, par exemple nom@{ $host }, et ne pourra plus être modifié.
field-display-name = Nom affiché
field-display-name-hint = Facultatif. Le nom que les gens voient, par exemple votre prénom ou un surnom.
field-bio = À propos
field-bio-hint = Facultatif. Quelques mots sur cette identité. Le Markdown est accepté.
field-avatar = Avatar
field-avatar-hint = JPEG, PNG, WebP ou GIF, jusqu’à { $size } Mo. L’image est recadrée en carré, et ses métadonnées (lieu, appareil photo) sont supprimées.
field-avatar-current = Avatar actuel
field-avatar-remove = Supprimer l’avatar
field-banner = Bannière
field-banner-hint = JPEG, PNG, WebP ou GIF, jusqu’à { $size } Mo, affichée sur toute la largeur en haut du profil. Ses métadonnées sont supprimées.
field-banner-current = Bannière actuelle
field-banner-remove = Supprimer la bannière

# Inscription et confirmation
signup-title = Créer un compte
signup-lead = Votre compte est privé. Ce que les autres voient, c’est l’identité que vous créez ci-dessous, et vous pourrez en ajouter d’autres plus tard.
signup-account-legend = Votre compte
signup-email-hint = Elle sert à confirmer votre compte et à réinitialiser votre mot de passe. Elle n’est jamais montrée à personne.
signup-identity-legend = Votre première identité
signup-identity-hint = Une identité, c’est la façon dont vous apparaissez aux autres.
signup-submit = Créer mon compte
signup-have-account = Vous avez déjà un compte ?
signup-closed = Les inscriptions sont fermées
signup-closed-text = Cette instance n’accepte pas de nouveaux comptes pour le moment. Vous pouvez rejoindre une autre instance : elles communiquent toutes entre elles.
check-mail-title = Consultez votre boîte de réception
check-mail-text = Nous vous avons envoyé un message contenant un lien pour confirmer votre compte. Le lien est valable 48 heures.
check-mail-spam = Vous n’avez rien reçu ? Regardez dans vos courriers indésirables (spam), ou
check-mail-resend = demandez un nouveau lien de confirmation
confirm-title = Confirmez votre compte
confirm-text = Un clic, et votre compte est prêt.
confirm-submit = Confirmer mon compte
resend-title = Recevoir un nouveau lien de confirmation
resend-intro = Saisissez l’adresse avec laquelle vous vous êtes inscrit·e. Si un compte en attente de confirmation y est associé, un nouveau lien arrivera d’ici quelques minutes.
resend-submit = Envoyer le lien

# Connexion et réinitialisation du mot de passe
login-title = Se connecter
login-submit = Se connecter
login-forgot = Mot de passe oublié ?
login-no-account = Pas encore de compte ?
reset-request-title = Réinitialiser votre mot de passe
reset-request-intro = Saisissez l’adresse de votre compte et nous vous enverrons un lien pour choisir un nouveau mot de passe.
reset-request-submit = Envoyer le lien
reset-request-sent = Si un compte utilise cette adresse, un message contenant un lien pour choisir un nouveau mot de passe est en route. Le lien est valable 2 heures.
reset-title = Choisissez un nouveau mot de passe
reset-submit = Enregistrer le nouveau mot de passe
reset-again = Demander un nouveau lien

# Paramètres du compte
settings-title = Paramètres du compte
settings-role = Rôle : { $role }
settings-email = Adresse e-mail
settings-email-current = Votre adresse est { $email }.
settings-email-hint = Nous enverrons un lien à la nouvelle adresse ; le changement prendra effet lorsque vous l’aurez suivi. Votre adresse actuelle en sera informée.
settings-email-submit = Changer mon adresse
settings-password = Mot de passe
settings-password-submit = Changer mon mot de passe
settings-language = Langue
settings-language-label = Langue des pages et des e-mails
settings-language-browser = Celle de mon navigateur
settings-language-submit = Enregistrer la langue
settings-time-zone = Fuseau horaire
settings-time-zone-label = Afficher aussi les horaires des événements dans le fuseau
settings-time-zone-hint = Chaque événement donne ses horaires dans son propre fuseau ; choisissez le vôtre pour les voir aussi à votre heure.
settings-time-zone-events = Seulement le fuseau de chaque événement
settings-time-zone-submit = Enregistrer le fuseau horaire
settings-calendar = Agenda
settings-calendar-text = Une adresse privée pour votre application d’agenda, qui liste tous les événements auxquels vous participez avec n’importe laquelle de vos identités.
settings-calendar-link = Gérer mon adresse d’agenda
settings-delete = Supprimer le compte
settings-delete-text = Cela supprime votre compte et toutes ses identités. Cette action est irréversible.
settings-delete-button = Supprimer mon compte…
email-confirm-title = Confirmez votre nouvelle adresse
email-confirm-text = Confirmez qu’il s’agit bien de la nouvelle adresse de votre compte.
email-confirm-submit = Confirmer la nouvelle adresse
delete-account-title = Supprimer votre compte
delete-account-text = { $count ->
    [one] Votre compte et son identité seront supprimés. Les noms des identités restent réservés afin que personne ne puisse se faire passer pour vous. Cette action est irréversible.
   *[other] Votre compte et ses { $count } identités seront supprimés. Les noms des identités restent réservés afin que personne ne puisse se faire passer pour vous. Cette action est irréversible.
}
delete-account-submit = Supprimer définitivement mon compte
role-user = utilisateur·ice
role-moderator = modérateur·ice
role-administrator = administrateur·ice

# Identités
identities-title = Mes identités
identities-lead = Chaque identité a son propre nom, sa propre image et sa propre adresse. Personne ne peut voir qu’elles partagent le même compte.
identities-new = Nouvelle identité
identities-default = Par défaut
identities-current = Identité active
identities-view = Voir
identities-edit = Modifier
identities-make-default = Définir par défaut
identities-delete = Supprimer
identity-new-title = Nouvelle identité
identity-new-lead = Par exemple, une pour votre famille et une pour votre association.
identity-new-submit = Créer l’identité
identity-edit-title = Modifier @{ $handle }
identity-delete-title = Supprimer { $handle } ?
identity-delete-text = Son profil disparaît. Son nom reste réservé, afin que personne d’autre ne puisse le prendre et se faire passer pour vous. Cette action est irréversible.
identity-delete-submit = Supprimer l’identité
profile-no-bio = Cette identité n’a encore rien écrit à son sujet.

# Messages affichés après une action
notice-account-confirmed = Votre compte est confirmé. Bienvenue !
notice-logged-out = Vous êtes déconnecté·e.
notice-password-reset = Votre mot de passe a été modifié. Vous pouvez dès maintenant vous connecter avec.
notice-password-changed = Votre mot de passe a été modifié. Les autres navigateurs ont été déconnectés.
notice-email-change-sent = Nous avons envoyé un lien à votre nouvelle adresse. Suivez-le pour finaliser le changement.
notice-email-changed = Votre adresse e-mail a été modifiée.
notice-language-changed = Langue enregistrée.
notice-time-zone-changed = Fuseau horaire enregistré.
notice-account-deleted = Votre compte a été supprimé. Au revoir, et merci.
notice-identity-created = Identité créée. Vous pouvez passer à celle-ci depuis l’en-tête.
notice-identity-saved = Identité enregistrée.
notice-identity-default = Identité par défaut modifiée.
notice-identity-deleted = Identité supprimée.

# Erreurs de champ (une par code de ensemble_domain::FieldError)
error-required = Ce champ est obligatoire.
error-too-long = Ce texte est trop long.
error-email-invalid = Ceci ne ressemble pas à une adresse e-mail, par exemple nom@example.org.
error-email-taken = Un compte utilise déjà cette adresse. Connectez-vous, ou réinitialisez votre mot de passe si vous l’avez oublié.
error-email-not-allowed = Les inscriptions sur cette instance sont réservées à certaines adresses, et celle-ci n’en fait pas partie.
error-username-invalid = Utilisez uniquement des lettres minuscules, des chiffres et des tirets bas (_).
error-username-taken = Ce nom d’utilisateur est déjà pris. Essayez-en un autre.
error-password-too-short = Le mot de passe doit comporter au moins 10 caractères.
error-password-too-long = Le mot de passe peut comporter au maximum 200 caractères.
error-password-too-common = Ce mot de passe est trop facile à deviner. Essayez quelques mots sans rapport entre eux.
error-password-mismatch = Les deux mots de passe sont différents.
error-password-wrong = Le mot de passe est incorrect.
error-image-type = Ce fichier n’est pas une image utilisable. Choisissez une image JPEG, PNG, WebP ou GIF.
error-image-too-large = Cette image est trop volumineuse.
error-credentials-wrong = L’adresse e-mail ou le mot de passe est incorrect.
error-account-unconfirmed = Votre compte n’est pas encore confirmé. Suivez le lien de l’e-mail que nous vous avons envoyé, ou demandez-en un nouveau.
error-link-invalid = Ce lien a expiré ou a déjà été utilisé.
error-last-identity = Un compte garde toujours au moins une identité. Pour supprimer celle-ci, supprimez le compte.

# Pages d’erreur
error-page-home = Retour à la page d’accueil
error-page-400-title = Cette requête pose problème
error-page-400-text = La page n’a pas compris ce qui a été envoyé. Revenez en arrière et réessayez.
error-page-403-title = Action non autorisée
error-page-403-text = Vous ne pouvez pas faire cela. Si vous veniez d’un formulaire, rechargez la page et réessayez.
error-page-404-title = Page introuvable
error-page-404-text = Cette page n’existe pas, ou n’existe plus.
error-page-405-title = Non autorisé ici
error-page-405-text = Cette adresse n’accepte pas ce type de requête.
error-page-413-title = Trop volumineux
error-page-413-text = Ce que vous avez envoyé est trop volumineux. Essayez avec un fichier plus petit.
error-page-429-title = Trop de tentatives
error-page-429-text = Merci de patienter un peu avant de réessayer.
error-page-429-retry = { $minutes ->
    [one] Par sécurité, patientez une minute avant de réessayer.
   *[other] Par sécurité, patientez { $minutes } minutes avant de réessayer.
}
error-page-500-title = Un problème est survenu de notre côté
error-page-500-text = L’erreur a été enregistrée. Merci de réessayer dans un instant.

# E-mails
mail-footer = { $instance }, propulsé par Ensemble.
mail-link-hint = Si le bouton ne fonctionne pas, copiez cette adresse dans votre navigateur :
mail-confirm-account-subject = Confirmez votre compte sur { $instance }
mail-confirm-account-body = Bienvenue sur { $instance } !

    Pour terminer la création de votre compte, confirmez votre adresse e-mail. Le lien est valable 48 heures.

    Si vous ne vous êtes pas inscrit·e, ignorez ce message : aucun compte ne sera créé.
mail-confirm-account-action = Confirmer mon compte
mail-reset-password-subject = Réinitialisez votre mot de passe sur { $instance }
mail-reset-password-body = Quelqu’un a demandé à réinitialiser le mot de passe de votre compte sur { $instance }.

    Si c’était vous, choisissez un nouveau mot de passe grâce au lien ci-dessous. Il est valable 2 heures.

    Si ce n’était pas vous, ignorez ce message : votre mot de passe reste inchangé.
mail-reset-password-action = Choisir un nouveau mot de passe
mail-confirm-email-subject = Confirmez votre nouvelle adresse sur { $instance }
mail-confirm-email-body = Vous avez demandé à utiliser cette adresse pour votre compte sur { $instance }.

    Confirmez-la grâce au lien ci-dessous. Il est valable 24 heures.
mail-confirm-email-action = Confirmer cette adresse
mail-email-change-requested-subject = Votre adresse sur { $instance } va bientôt changer
mail-email-change-requested-body = Quelqu’un a demandé à associer votre compte sur { $instance } à l’adresse { $email }.

    Si c’était vous, vous n’avez rien à faire ici : confirmez depuis l’e-mail envoyé à la nouvelle adresse.

    Si ce n’était pas vous, changez immédiatement votre mot de passe et contactez l’équipe d’administration de l’instance.
mail-password-changed-subject = Votre mot de passe sur { $instance } a été modifié
mail-password-changed-body = Le mot de passe de votre compte sur { $instance } vient d’être modifié.

    Si ce n’était pas vous, réinitialisez immédiatement votre mot de passe depuis la page de connexion et contactez l’équipe d’administration de l’instance.
mail-account-deleted-subject = Votre compte sur { $instance } a été supprimé
mail-account-deleted-body = Votre compte sur { $instance } et ses identités ont été supprimés, comme vous l’avez demandé.

    Merci d’avoir fait un bout de chemin avec nous.

# Courriels de participation
mail-note-intro = Les organisateurs et organisatrices ont écrit :
mail-cancel-hint = Pour annuler votre participation, suivez ce lien :
mail-confirm-participation-subject = Confirmez votre participation à « { $event } »
mail-confirm-participation-body = Vous avez demandé à participer à « { $event } » sur { $instance }, sans compte.

    Confirmez avec le lien ci-dessous : d’ici là, votre participation n’est pas comptée. Si vous n’avez rien demandé, ignorez ce message.
mail-confirm-participation-action = Confirmer ma participation
mail-participation-approved-subject = Vous pouvez venir à « { $event } »
mail-participation-approved-body = L’équipe organisatrice de « { $event } » a accepté votre demande.
mail-participation-approved-action = Voir l’événement
mail-participation-rejected-subject = Votre demande pour « { $event } »
mail-participation-rejected-body = L’équipe organisatrice de « { $event } » n’a pas pu accepter votre demande cette fois-ci.
mail-waitlist-promoted-subject = Une place pour vous à « { $event } »
mail-waitlist-promoted-body = Une place s’est libérée à « { $event } » et vous étiez en tête de la liste d’attente : vous participez désormais.
mail-waitlist-promoted-action = Voir l’événement
mail-announcement-subject = Des nouvelles de « { $event } »
mail-announcement-body = L’équipe organisatrice de « { $event } » a envoyé un message aux participant·es.
mail-announcement-action = Voir l’événement

# Conflits
error-page-409-title = Ce n’est pas possible maintenant
error-page-409-text = La page a changé depuis que vous l’avez ouverte. Rechargez-la et réessayez.
error-page-410-title = Disparu
error-page-410-text = Ceci n’existe plus.
conflict-already-participating = Vous participez déjà à cet événement, ou votre demande est en attente.
conflict-event-cancelled = Cet événement est annulé : il n’est plus possible de s’y inscrire.
conflict-external-registration = L’inscription à cet événement se fait sur un autre site.
conflict-invite-only = Cet événement est sur invitation uniquement.
conflict-anonymous-not-allowed = Il faut un compte pour participer à cet événement.

# Erreurs de champ des événements
error-too-short = C’est trop court.
error-too-many = Il y en a trop.
error-choice-unknown = Choisissez l’une des options proposées.
error-url-invalid = Ce n’est pas une adresse web. Elle commence par https://
error-date-invalid = Cette date ou cette heure n’existe pas.
error-time-skipped = Cette heure n’existe pas ce jour-là : on change d’heure. Choisissez-en une autre.
error-time-zone-unknown = Ce fuseau horaire est inconnu. Choisissez-en un dans la liste.
error-ends-before-start = La fin est avant le début.
error-tag-invalid = Une étiquette est faite de lettres, de chiffres, de tirets et de tirets bas, 40 au plus.
error-coordinates-invalid = Donnez la latitude (−90 à 90) et la longitude (−180 à 180), ou aucune des deux.
error-capacity-invalid = Le nombre de places doit être un nombre entier, 1 ou plus.
error-capacity-below-participants = Plus de personnes ont déjà une place que ce nombre.
error-external-url-required = Donnez l’adresse de la page d’inscription.
conflict-event-past = Cet événement est terminé : il n’est plus possible de s’y inscrire.
conflict-organizer-unreachable = Le serveur de l’organisation est injoignable d’ici : réessayez plus tard.

## Recherche d’événements et de personnes d’autres serveurs (/search)

search-title = Rechercher
search-label = Adresse
search-hint = L’adresse d’un événement ou d’une personne sur un autre serveur (https://…), ou un identifiant comme @nom@serveur.
search-submit = Rechercher
search-person-profile = Voir son profil sur son serveur
lookup-not-address = Donnez une adresse commençant par https://, ou un identifiant comme @nom@serveur.
lookup-refused = Cette adresse n’est pas autorisée.
lookup-not-found = Rien n’a été trouvé à cette adresse.
lookup-unreachable = Le serveur de cette adresse est injoignable. Réessayez plus tard.
lookup-unsupported = Cette adresse n’est ni un événement ni une personne.
