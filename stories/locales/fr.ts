/**
 * French: every string of the elements (typed `Strings`, so a key added to the English table
 * and missing here fails the type check). French typography: no-break spaces before `:` and
 * inside « ».
 */
import type { Strings } from '../../src/i18n/strings.js';

export const fr: Strings = {
  'room.label': 'Salle vidéo',
  'room.label.named': 'Salle vidéo {room}',
  'room.status.idle': 'Pas dans une salle',
  'room.status.connecting': 'Connexion…',
  'room.status.connected': 'Connecté',
  'room.status.reconnecting': 'Reconnexion…',
  'room.status.closed': 'Vous avez quitté la salle',
  'room.status.error': 'Non connecté',
  'room.people': { one: '{count} personne', many: '{count} de personnes', other: '{count} personnes' },
  'room.waiting': 'En attente d’autres participants dans «\u00a0{room}\u00a0»…',
  'room.retry': 'Réessayer',
  'room.you': 'Vous',
  'room.guest': 'Invité',
  'room.you.label': '{name} (vous)',
  'tile.connecting': 'Connexion…',
  'tile.reconnecting': 'Reconnexion…',
  'tile.failed': 'Échec de la connexion',
  'error.invalid-room': 'Nom de salle invalide.',
  'error.invalid-name': 'Nom invalide.',
  'error.server-unreachable': 'Impossible de joindre le serveur.',
  'error.connection-lost': 'Connexion perdue.',
  'error.room-full': 'La salle est pleine.',
  'error.unauthorized': 'Accès refusé.',
  'error.webrtc-unsupported': 'Ce navigateur ne peut pas passer d’appels vidéo.',
  'error.other': 'Une erreur s’est produite.',
  'notice.denied.camera': 'L’autorisation d’utiliser la caméra a été refusée.',
  'notice.denied.microphone': 'L’autorisation d’utiliser le micro a été refusée.',
  'notice.denied.both': 'L’autorisation d’utiliser la caméra et le micro a été refusée.',
  'notice.unavailable.camera': 'La caméra n’a pas pu démarrer.',
  'notice.unavailable.microphone': 'Le micro n’a pas pu démarrer.',
  'notice.unavailable.both': 'La caméra et le micro n’ont pas pu démarrer.',
  'notice.insecure': 'Cette page ne peut pas utiliser de caméra ni de micro (il lui faut HTTPS).',
  'notice.microphone-only': 'Vous avez rejoint la salle avec votre micro seulement.',
  'notice.camera-only': 'Vous avez rejoint la salle avec votre caméra seulement.',
  'notice.receive-only': 'Vous avez rejoint la salle sans caméra ni micro\u00a0: vous pouvez regarder et écouter.',
  'video.label': 'Vidéo',
  'video.play-sound': 'Activer le son',
};
