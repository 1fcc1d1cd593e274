# Événements : listes, calendrier, page d’un événement, formulaire, mes événements.

# Liste
events-title = Événements à venir
events-lead = Les événements publics, du plus proche au plus lointain.
events-new = Nouvel événement
events-calendar-link = Les voir dans un calendrier
events-empty = Aucun événement à venir ici
events-empty-text = Soyez le premier ou la première : organisez quelque chose, même une petite rencontre.
events-empty-visitor = Rien n’est prévu pour l’instant. Revenez bientôt, ou créez un compte pour organiser un événement.
events-first-page = Revenir à la première page
events-pages = Pages
events-previous = Page précédente
events-next = Page suivante
events-page = Page { $count }

# Calendrier
calendar-title = Calendrier
calendar-list-link = Voir la liste des événements à venir
calendar-months = Mois
calendar-this-month = Ce mois-ci
calendar-empty = Aucun événement public ce mois-ci.

# Cartes et badges
event-online = En ligne
event-badge-draft = Brouillon
event-badge-cancelled = Annulé
event-badge-tentative = À confirmer
event-badge-past = Terminé

# Page d’un événement
event-draft-banner = Brouillon.
event-draft-text = Seuls ses organisateurs et organisatrices voient cet événement. Publiez-le quand il est prêt.
event-publish = Publier l’événement
event-cancelled-banner = Cet événement est annulé.
event-cancelled-text = Il n’aura pas lieu.
event-past-banner = Cet événement est terminé.
event-remote-from = Depuis { $domain } : cet événement est organisé sur un autre serveur, qui décide de qui y participe.
event-remote-original = Voir l’original
event-card-from = Depuis { $domain }
event-when = Quand
event-until = jusqu’à
event-time-zone-note = Heures du fuseau { $name }.
event-your-time = À votre heure ({ $zone }) : { $date }, { $time }
event-where = Où
event-map-link = Voir sur OpenStreetMap
event-online-link = En ligne
event-organiser = Organisé par
event-participants = Participants
event-going = { $count ->
    [0] Personne n’y participe encore
    [one] Une personne y participe
   *[other] { $count } personnes y participent
}
event-remaining = { $count ->
    [0] plus aucune place
    [one] une place restante
   *[other] { $count } places restantes
}
event-add-to-calendar = Ajouter à mon agenda
event-about = À propos
event-tags = Mots-clés
event-practical = Infos pratiques
event-tickets = Billets
event-livestream = Diffusion en direct
event-actions = Participer et partager
event-participation-title = Participer
event-you-creator = Vous organisez cet événement.
event-you-co-organizer = Vous coorganisez cet événement.
event-you-participant = Vous participez.
event-you-pending = Votre demande attend la réponse de l’organisation.
event-you-waitlisted = Vous êtes sur la liste d’attente : la prochaine place libre sera pour vous.
event-you-unconfirmed = Votre participation n’est pas encore confirmée.
event-you-invited = Vous êtes invité·e à cet événement.
event-you-rejected = L’organisation n’a pas pu accepter votre demande.
event-leave = Quitter l’événement
event-join = Participer
event-join-as = Participer en tant que
event-join-message = Message à l’organisation
event-join-message-hint = Facultatif. Seule l’organisation le lit.
event-join-full = L’événement est complet : vous serez sur la liste d’attente.
event-join-approval = L’organisation valide chaque participation.
event-external-text = L’inscription à cet événement se fait sur un autre site.
event-external-link = S’inscrire sur le site de l’organisation
event-closed-cancelled = L’événement est annulé : il n’est plus possible d’y participer.
event-closed-past = L’événement est terminé.
event-closed-invite = Cet événement est sur invitation uniquement.
event-login-to-join = Se connecter pour participer
event-anonymous-title = Ou participer sans compte
event-anonymous-email = Votre adresse e-mail
event-anonymous-email-hint = Nous envoyons un lien de confirmation. Votre adresse n’est jamais montrée à personne.
event-anonymous-submit = Participer sans compte
event-tools-title = Outils de l’organisation
event-edit = Modifier
event-duplicate = Dupliquer
event-see-participants = Participants
event-delete = Supprimer
event-share-title = Partager
event-share-link = Adresse de cette page
event-share-link-hint = Sélectionnez-la et copiez-la pour la partager où vous voulez.
event-share-mail = Partager par e-mail
event-share-instance = Votre serveur du fédivers
event-share-instance-hint = Par exemple mastodon.social. Vous écrirez le message là-bas.
event-share-instance-invalid = Saisissez le nom d’un serveur, par exemple mastodon.social.
event-share-submit = Partager sur mon serveur

# Rôles, dans « mes événements »
event-role-creator = Organisation
event-role-co-organizer = Coorganisation
event-role-participant = Participation
event-role-pending = En attente de validation
event-role-waitlisted = Sur liste d’attente
event-role-unconfirmed = Non confirmée
event-role-invited = Invitation
event-role-rejected = Refusée

# Formulaire
event-new-title = Nouvel événement
event-edit-title = Modifier « { $event } »
event-duplicate-title = Copie de « { $event } »
event-form-organiser-new = Vous l’organisez en tant que { $name }. Pour l’organiser avec une autre identité, changez d’abord d’identité dans l’en-tête.
event-form-organiser = Organisé par { $name }.
event-past-warning-title = Cet événement commence dans le passé.
event-past-warning-text = Vérifiez la date. Si elle est juste, par exemple pour garder une trace d’un événement, confirmez ci-dessous et envoyez à nouveau le formulaire.
event-past-ok = Oui, il commence dans le passé
event-field-title = Titre
event-field-title-hint = De 3 à 200 caractères, par exemple « Fête surprise pour Lou ».
event-form-when = Quand
event-field-start-date = Date de début
event-field-start-time = Heure de début
event-field-date-hint = Année-mois-jour, par exemple 2026-12-24.
event-field-time-hint = Heures et minutes, par exemple 19:30.
event-field-end-date = Date de fin
event-field-end-time = Heure de fin
event-field-end-hint = Facultatif.
event-field-time-zone = Fuseau horaire
event-field-time-zone-hint = Les dates et heures sont dans ce fuseau.
event-form-where = Où
event-form-where-hint = Un lieu, un lien en ligne, ou les deux.
event-field-place-name = Lieu
event-field-place-name-hint = Par exemple « Café de la Gare » ou « Chez Lou ».
event-field-street = Numéro et rue
event-field-postal-code = Code postal
event-field-locality = Ville
event-field-online-url = Lien en ligne
event-field-online-url-hint = Facultatif. L’adresse de la visioconférence ou de la réunion en ligne.
event-field-description = Description
event-field-description-hint = À quoi s’attendre, quoi apporter. Le Markdown est accepté.
event-form-more = Plus d’options
event-form-about = Catégorie, mots-clés et langue
event-field-category = Catégorie
event-field-tags = Mots-clés
event-field-tags-hint = Séparés par des virgules, par exemple : anniversaire, musique. 10 au plus.
event-field-language = Langue de l’événement
event-field-language-hint = La langue dans laquelle l’événement se déroule.
event-language-unspecified = Non précisée
event-field-status = Statut
event-field-status-hint = Indiquez qu’un événement n’est pas encore confirmé, ou qu’il est annulé.
event-field-visibility = Qui peut le voir
event-form-participation = Participation
event-field-join-mode = Comment participer
event-field-external-url = Page d’inscription externe
event-field-external-url-hint = Nécessaire quand l’inscription se fait sur un autre site.
event-field-capacity = Nombre de places
event-field-capacity-hint = Facultatif. Vide signifie sans limite. Quand l’événement est complet, les gens passent sur une liste d’attente.
event-field-show-remaining = Afficher le nombre de places restantes
event-field-anonymous = Permettre de participer sans compte
event-field-anonymous-hint = Les gens donnent une adresse e-mail et la confirment. L’adresse n’est jamais montrée, pas même à vous.
event-field-comments = Autoriser les commentaires
event-form-practical = Infos pratiques
event-field-accessibility = Accessibilité
event-field-price = Prix
event-field-price-hint = Facultatif, par exemple « Gratuit » ou « 5 € sur place ».
event-field-ticket-url = Page de billetterie
event-field-livestream-url = Diffusion en direct
event-field-livestream-url-hint = Facultatif. Où suivre l’événement en direct.
event-form-address-details = Détails de l’adresse
event-field-region = Région
event-field-country = Pays
event-field-latitude = Latitude
event-field-longitude = Longitude
event-field-coordinates-hint = Facultatif, par exemple 48.8566 et 2.3522. Elles rendent le lien vers la carte précis.
event-field-banner = Image de bannière
event-field-banner-file = Image
event-field-banner-hint = JPEG, PNG, WebP ou GIF, jusqu’à { $size } Mo, affichée en largeur en haut de l’événement. Ses métadonnées (lieu, appareil) sont retirées.
event-field-banner-current = Bannière actuelle
event-field-banner-remove = Retirer la bannière
event-form-publish = Publier
event-form-save-draft = Enregistrer comme brouillon

event-visibility-public = Public
event-visibility-public-hint = Listé sur cette instance, trouvé par la recherche, partagé avec les autres serveurs.
event-visibility-unlisted = Non listé
event-visibility-unlisted-hint = Toute personne qui a le lien peut le voir, mais il n’est pas listé.
event-visibility-private = Privé
event-visibility-private-hint = Seuls ses organisateurs, organisatrices et participants peuvent le voir.
event-status-tentative = À confirmer
event-status-confirmed = Confirmé
event-status-cancelled = Annulé
event-join-mode-free = Libre
event-join-mode-free-hint = Tout le monde peut participer en un clic.
event-join-mode-restricted = Sur validation
event-join-mode-restricted-hint = Vous acceptez ou refusez chaque demande.
event-join-mode-invite = Sur invitation
event-join-mode-invite-hint = Seules les personnes que vous invitez peuvent participer.
event-join-mode-external = Ailleurs
event-join-mode-external-hint = Les gens s’inscrivent sur un autre site, indiqué ci-dessous.

accessibility-wheelchair = Accessible en fauteuil roulant
accessibility-sign-language = Interprétation en langue des signes
accessibility-hearing-loop = Boucle magnétique
accessibility-subtitles = Sous-titres
accessibility-quiet-space = Espace calme

# Suppression
event-delete-title = Supprimer « { $event } » ?
event-delete-text = L’événement disparaît avec ses participations et ses commentaires. C’est définitif.
event-delete-going = { $count ->
    [0] Personne n’y participe encore.
    [one] Une personne y participe, vous compris.
   *[other] { $count } personnes y participent, vous compris.
}
event-delete-submit = Supprimer l’événement

# Mes événements
my-events-title = Mes événements
my-events-lead = Ce que vous organisez et ce à quoi vous participez, pour chacune de vos identités. Vous seul·e voyez cette page.
my-events-empty = Aucun événement pour l’instant
my-events-empty-text = Organisez-en un, ou trouvez-en un auquel participer.
my-events-browse = Parcourir les événements à venir
my-events-drafts = Brouillons
my-events-drafts-hint = Vous seul·e les voyez tant qu’ils ne sont pas publiés.
my-events-draft-by = Organisé en tant que { $name }
my-events-acting-as = Identité actuelle
my-events-upcoming = À venir
my-events-past = Passés
my-events-none-upcoming = Rien de prévu.

# Notifications
notice-event-published = L’événement est publié.
notice-event-draft-saved = Brouillon enregistré. Vous seul·e le voyez tant qu’il n’est pas publié.
notice-event-saved = Événement enregistré.
notice-event-deleted = L’événement est supprimé.

# Les 30 catégories
category-arts = Arts
category-book-clubs = Clubs de lecture
category-business = Entreprises
category-causes = Causes
category-comedy = Humour
category-crafts = Artisanat
category-food-drink = Cuisine et boissons
category-health = Santé
category-music = Musique
category-auto-boat-air = Auto, bateau et aviation
category-community = Vie locale
category-family-education = Famille et éducation
category-fashion-beauty = Mode et beauté
category-film-media = Cinéma et médias
category-games = Jeux
category-language-culture = Langues et cultures
category-learning = Apprentissage
category-lgbtq = LGBTQ
category-movements-politics = Mouvements et politique
category-networking = Réseautage
category-party = Fête
category-performing-visual-arts = Arts du spectacle et arts visuels
category-pets = Animaux de compagnie
category-photography = Photographie
category-outdoors-adventure = Plein air et aventure
category-spirituality-religion-beliefs = Spiritualité, religion et croyances
category-science-tech = Sciences et techniques
category-sports = Sports
category-theatre = Théâtre
category-meeting = Réunion
