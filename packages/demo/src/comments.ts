/**
 * French survey comments built from phrase fragments keyed by theme and sentiment: a head
 * clause, sometimes a tail after a comma, sometimes a closing sentence.
 */
import type { Behavior } from './catalog.ts';
import type { Rng } from './random.ts';

export type Sentiment = 'neg' | 'neu' | 'pos';
type Fragments = { heads: string[]; tails: string[] };
type Theme = Record<Sentiment, Fragments>;

const f = (heads: string[], tails: string[]): Fragments => ({ heads, tails });

const THEMES = {
  attente_tel: {
    neg: f(
      [
        'Attente beaucoup trop longue au téléphone',
        "Plus de {min} minutes d'attente avant d'avoir quelqu'un",
        "Impossible de joindre quelqu'un au téléphone",
        'Toujours aussi difficile de vous joindre par téléphone',
        "{min} minutes de musique d'attente",
      ],
      [
        "personne ne m'a rappelé",
        "j'ai fini par raccrocher",
        "et on m'a transféré deux fois",
        "c'est inacceptable pour un service client",
        'alors que le rappel était promis sous 24 h',
      ],
    ),
    neu: f(
      ["Un peu d'attente au téléphone", "Temps d'attente correct sans plus", 'Attente un peu longue'],
      [
        'mais {le_conseiller} a trouvé une solution',
        'mais mon problème est réglé',
        'heureusement la réponse était claire',
      ],
    ),
    pos: f(
      ["Pas d'attente au téléphone", "Appel décroché en moins d'une minute", "Très peu d'attente"],
      ['et une réponse immédiate', "c'est appréciable", 'et {le_conseiller} connaissait bien mon dossier'],
    ),
  },
  attente_chat: {
    neg: f(
      [
        'Attente interminable sur le chat',
        "Le chat m'a fait patienter {min} minutes",
        'Réponses très lentes sur le chat',
      ],
      ["puis la conversation s'est coupée", "j'ai dû tout réexpliquer", 'et pas de solution au final'],
    ),
    neu: f(
      ["Un peu d'attente sur le chat", 'Réponse correcte sur le chat'],
      ['mais le problème est réglé', 'même si les réponses semblaient toutes faites'],
    ),
    pos: f(
      ['Réponse rapide sur le chat', 'Chat très réactif'],
      ['problème réglé en quelques minutes', 'et très pratique', 'merci'],
    ),
  },
  attente_boutique: {
    neg: f(
      [
        "Trop d'attente en boutique",
        'Une seule caisse ouverte un samedi',
        'Personne pour nous renseigner en magasin',
      ],
      ["j'ai fini par partir sans rien acheter", 'il faut plus de personnel', 'on a attendu {min} minutes'],
    ),
    neu: f(
      ["Un peu d'attente en caisse", 'Magasin bondé'],
      ['mais personnel efficace', "c'était prévisible en période de soldes"],
    ),
    pos: f(
      ['Aucune attente en caisse', 'Accueil rapide en boutique'],
      ['et un personnel disponible', 'très agréable'],
    ),
  },
  delai_ecrit: {
    neg: f(
      [
        'Toujours pas de réponse à ma demande',
        "Réponse reçue au bout d'une semaine",
        'Délai de réponse beaucoup trop long',
      ],
      ["et j'ai dû relancer trois fois", 'avec une réponse toute faite', 'sans aucune excuse'],
    ),
    neu: f(['Réponse un peu lente', 'Délai de réponse correct'], ['mais complète', 'sans plus']),
    pos: f(['Réponse rapide et précise', 'Réponse claire dès le lendemain'], ['merci', 'rien à redire']),
  },
  amabilite: {
    neg: f(
      [
        '{Conseiller} peu aimable',
        'Accueil froid et expéditif',
        "On m'a répondu sèchement",
        'Aucune écoute de la part de {le_conseiller}',
      ],
      ['on ne se sent pas considéré', 'dommage', "ce n'est pas la première fois"],
    ),
    neu: f(
      ['Accueil correct', '{Conseiller} poli{e} mais peu informé{e}'],
      ['sans plus', 'il manquait un peu de conseil'],
    ),
    pos: f(
      [
        '{Conseiller} très aimable et efficace',
        'Accueil chaleureux',
        'Personnel souriant et à l’écoute',
        'Très bon accueil',
        '{Conseiller} patient{e} et professionnel{le}',
      ],
      ['merci', 'je recommande', 'et de très bons conseils', "bravo à toute l'équipe"],
    ),
  },
  amabilite_distance: {
    neg: f(
      ['{Conseiller} peu aimable', "On m'a répondu sèchement", 'Aucune écoute de la part de {le_conseiller}'],
      ['on ne se sent pas considéré', 'dommage', "ce n'est pas la première fois"],
    ),
    neu: f(
      ['{Conseiller} poli{e} mais peu informé{e}', 'Échange correct'],
      ['sans plus', 'réponse un peu standard'],
    ),
    pos: f(
      [
        '{Conseiller} très aimable et efficace',
        '{Conseiller} patient{e} et professionnel{le}',
        'Interlocuteur vraiment à l’écoute',
      ],
      ['merci', 'et de très bons conseils', "bravo à toute l'équipe"],
    ),
  },
  espace_client: {
    neg: f(
      ["Impossible de télécharger ma facture dans l'espace client", 'Mot de passe refusé à chaque connexion'],
      ['très frustrant', "j'ai dû appeler le service client"],
    ),
    neu: f(
      ['Espace client correct', 'Espace client un peu austère'],
      ["mais on trouve ce qu'on cherche", 'sans plus'],
    ),
    pos: f(
      ["Espace client clair, j'ai trouvé ma facture en un clic", 'Modification de mon adresse très simple'],
      ['parfait', 'merci'],
    ),
  },
  resolution: {
    neg: f(
      [
        "Mon problème n'est toujours pas résolu",
        'Dossier toujours en cours après plusieurs relances',
        "On me renvoie d'un service à l'autre",
      ],
      ["personne ne m'a rappelé", 'je vais résilier', 'aucun suivi de mon dossier'],
    ),
    neu: f(
      ['Problème résolu mais il a fallu insister', 'Solution trouvée au deuxième contact'],
      ['un peu laborieux', 'peut mieux faire'],
    ),
    pos: f(
      [
        'Problème réglé dès le premier contact',
        'Demande traitée rapidement',
        'Solution trouvée tout de suite',
      ],
      ['merci', 'efficace', "c'est rassurant"],
    ),
  },
  prix: {
    neg: f(
      [
        'Prix trop élevés par rapport à la concurrence',
        'Prix en hausse sans raison',
        'Promotion non appliquée',
      ],
      ['je trouve moins cher ailleurs', 'dommage', 'ce n’est pas sérieux'],
    ),
    neu: f(
      ['Prix dans la moyenne', 'Tarifs un peu élevés'],
      ['mais la qualité suit', 'heureusement il y avait des promotions'],
    ),
    pos: f(
      ['Bon rapport qualité-prix', 'Belles promotions pendant les soldes', 'Prix très compétitifs'],
      ['je reviendrai', 'merci', 'rien à redire'],
    ),
  },
  produit: {
    neg: f(
      [
        'Produit reçu défectueux',
        'Article de mauvaise qualité',
        'Produit ne correspondant pas à la description',
        "Produit tombé en panne au bout d'un mois",
      ],
      ['très décevant', 'je demande un remboursement', 'pour la deuxième fois'],
    ),
    neu: f(['Produit conforme', 'Choix un peu limité'], ['sans plus', 'mais de bonne qualité']),
    pos: f(
      ['Produit de très bonne qualité', 'Large choix et bons conseils', 'Produit conforme et bien emballé'],
      ['je recommande', 'merci', 'parfait'],
    ),
  },
  livraison: {
    neg: f(
      [
        "Livraison en retard d'une semaine",
        'Colis jamais arrivé',
        'Colis livré abîmé',
        "Le suivi de livraison n'est jamais à jour",
      ],
      ['et aucune information du transporteur', 'personne ne répond', "alors que c'était un cadeau"],
    ),
    neu: f(
      ['Livraison un peu lente', 'Livraison avec un jour de retard'],
      ['mais le colis est arrivé en bon état', 'sans plus'],
    ),
    pos: f(
      ['Livraison rapide', 'Colis reçu en 48 h', "Livraison à l'heure et suivi précis"],
      ['et bien emballé', 'parfait', 'merci'],
    ),
  },
  application: {
    neg: f(
      [
        "Impossible de me connecter à l'application",
        'Application lente et pleine de bugs',
        "L'application se ferme toute seule",
      ],
      ["c'est très pénible", "j'ai dû passer par le site", 'merci de corriger rapidement'],
    ),
    neu: f(
      ['Application correcte', 'Application pratique mais un peu lente'],
      ['quelques bugs', "l'ergonomie pourrait être améliorée"],
    ),
    pos: f(
      ['Application très pratique', 'Application fluide et intuitive', 'Appli simple et rapide'],
      ["je l'utilise tous les jours", 'bravo', 'rien à dire'],
    ),
  },
  application_maj: {
    neg: f(
      [
        "L'application plante depuis la dernière mise à jour",
        'Depuis la nouvelle version, le paiement ne fonctionne plus',
        'La mise à jour a tout cassé',
      ],
      [
        "c'est très pénible",
        "j'ai dû passer par le site",
        'merci de corriger rapidement',
        "et j'ai perdu mes favoris",
      ],
    ),
    neu: f(
      ['Nouvelle version moins pratique que la précédente', 'Quelques bugs depuis la mise à jour'],
      ['mais ça reste utilisable', "j'espère une correction rapide"],
    ),
    pos: f(['Nouvelle version plutôt réussie', 'Belle mise à jour'], ['plus rapide qu’avant', 'bravo']),
  },
  site: {
    neg: f(
      [
        'Site compliqué à utiliser',
        'Impossible de finaliser ma commande sur le site',
        'Informations produit insuffisantes sur le site',
        'Paiement refusé sans explication',
      ],
      ["j'ai abandonné mon panier", 'très frustrant', "j'ai dû appeler le service client"],
    ),
    neu: f(['Site correct', 'Navigation un peu confuse'], ["mais on trouve ce qu'on cherche", 'sans plus']),
    pos: f(
      [
        'Site clair et facile à utiliser',
        'Commande passée en deux minutes',
        'Très simple de trouver les informations',
      ],
      ['parfait', 'merci', 'rien à redire'],
    ),
  },
  remboursement: {
    neg: f(
      [
        'Toujours aucun remboursement',
        'Remboursement en attente depuis trois semaines',
        'Procédure de retour beaucoup trop compliquée',
      ],
      ['je ne commanderai plus', "c'est inadmissible", 'personne ne répond'],
    ),
    neu: f(
      ['Remboursement reçu mais un peu tard', 'Retour simple mais remboursement lent'],
      ['il a fallu relancer', 'sans plus'],
    ),
    pos: f(
      ['Retour simple et remboursement rapide', 'Remboursement reçu en quelques jours'],
      ['merci', 'très pro', 'rien à redire'],
    ),
  },
  reparation: {
    neg: f(
      [
        'Réparation qui traîne depuis des semaines',
        'Appareil revenu avec le même problème',
        'Aucune nouvelle de ma réparation',
      ],
      ["personne ne m'a rappelé", 'très décevant', 'je dois encore me déplacer'],
    ),
    neu: f(['Réparation faite mais délai long', 'Réparation correcte'], ['sans plus', 'il a fallu relancer']),
    pos: f(
      [
        'Réparation rapide et soignée',
        'Appareil réparé en quelques jours',
        'Technicien compétent et de bon conseil',
      ],
      ['merci', 'je recommande', 'bravo'],
    ),
  },
  assistant: {
    neg: f(
      ["L'assistant virtuel ne comprend rien", 'Le robot tourne en rond', "Impossible d'avoir un humain"],
      ["j'ai perdu mon temps", 'il faut un vrai conseiller'],
    ),
    neu: f(
      ['Assistant virtuel utile pour les questions simples', 'Réponse automatique correcte'],
      ['mais limité', 'sans plus'],
    ),
    pos: f(
      ['Assistant virtuel efficace', "Réponse immédiate de l'assistant"],
      ['pratique le soir', 'problème réglé en deux minutes'],
    ),
  },
  fidelite: {
    neg: f(
      [
        'Client depuis des années et aucune reconnaissance',
        "Le service s'est dégradé ces derniers mois",
        "Je ne recommanderais pas l'enseigne",
      ],
      ['je regarde ailleurs', 'dommage', 'les avantages fidélité sont inexistants'],
    ),
    neu: f(
      ["Enseigne correcte dans l'ensemble", 'Globalement satisfaisant'],
      ['mais le service client peut progresser', 'sans plus'],
    ),
    pos: f(
      [
        'Enseigne de confiance',
        'Toujours un plaisir de commander chez vous',
        'Très bonne enseigne',
        'Programme de fidélité vraiment avantageux',
      ],
      ['je recommande à mes proches', 'continuez comme ça', 'merci'],
    ),
  },
} satisfies Record<string, Theme>;

export type ThemeId = keyof typeof THEMES;

const CLOSERS: Record<Sentiment, string[]> = {
  neg: [
    'Très décevant.',
    'Je vais aller voir ailleurs.',
    'Inadmissible.',
    "À revoir d'urgence.",
    'Je ne recommande pas.',
  ],
  neu: ['Peut mieux faire.', 'Correct sans plus.', 'Des progrès à faire.'],
  pos: ['Merci !', 'Je recommande.', "Bravo à l'équipe !", 'Parfait.'],
};

/** What the comment may talk about. */
export type CommentContext = {
  behavior: Behavior;
  touchpointId: string;
  kind: string;
  waitSeconds: number | null;
  abandoned: boolean;
  unresolved: boolean;
  /** the mobile app's troubled release is live */
  release: boolean;
  relational: boolean;
};

type Weighted = [ThemeId, number][];

function themesFor(c: CommentContext, s: Sentiment): Weighted {
  if (c.relational) return w('fidelite', 3, 'prix', 1, 'produit', 1, 'resolution', s === 'neg' ? 1 : 0.3);
  const longWait = c.waitSeconds !== null && (c.waitSeconds > 300 || c.abandoned);
  const shortWait = c.waitSeconds !== null && c.waitSeconds < 90;
  switch (c.behavior) {
    case 'phone':
    case 'chat': {
      const wait = c.behavior === 'phone' ? 'attente_tel' : 'attente_chat';
      if (s === 'neg')
        return w(wait, longWait ? 4 : 0.4, 'resolution', c.unresolved ? 3 : 1, 'amabilite_distance', 1);
      if (s === 'pos') return w('amabilite_distance', 2, 'resolution', 1.5, wait, shortWait ? 1.5 : 0);
      return w(wait, longWait ? 1.5 : 0.5, 'resolution', 1, 'amabilite_distance', 1);
    }
    case 'bot':
      return w('assistant', 3, 'resolution', 1);
    case 'store':
      if (c.kind === 'purchase' || c.kind === 'visit')
        return w('prix', 1.5, 'produit', 1.5, 'amabilite', 2, 'attente_boutique', s === 'pos' ? 0.3 : 0.7);
      if (c.kind === 'return') return w('produit', 2, 'amabilite', 1, 'remboursement', 1);
      return w('amabilite', 2, 'attente_boutique', longWait ? 3 : 0.3, 'produit', 1);
    case 'checkout':
      if (c.abandoned) return w('site', 3, 'prix', 1);
      return w('site', 1.5, 'prix', 1, 'livraison', 1.5, 'produit', 1);
    case 'browse':
      return w('site', 3, 'prix', 1);
    case 'sales':
      return w('amabilite_distance', 2, 'prix', 1.5, 'produit', 1);
    case 'app':
      if (c.release && s !== 'pos') return w('application_maj', 4, 'application', 1);
      return w('application', 1);
    case 'self':
      if (c.touchpointId === 'tp-suivi-livraison')
        return w('livraison', 4, 'resolution', c.unresolved ? 1 : 0);
      return w('espace_client', 3, 'resolution', c.kind === 'visit' ? 0 : 1);
    case 'email':
    case 'mail':
      return w('delai_ecrit', s === 'neg' ? 3 : 1.5, 'resolution', 1.5, 'amabilite_distance', 0.7);
    case 'workshop':
      return w('reparation', 3, 'amabilite', 1, 'attente_boutique', longWait ? 1.5 : 0.2);
    case 'returns':
      return w('remboursement', 4, 'produit', 1);
    default:
      return w('fidelite', 2, 'produit', 1, 'prix', 1);
  }
}

/** pairs of theme and weight, written flat */
function w(...pairs: (ThemeId | number)[]): Weighted {
  const out: Weighted = [];
  for (let k = 0; k < pairs.length; k += 2) out.push([pairs[k] as ThemeId, pairs[k + 1] as number]);
  return out;
}

function pickTheme(rng: Rng, options: Weighted): ThemeId {
  const i = rng.pickWeighted(options.map((o) => o[1]));
  return (options[i] as [ThemeId, number])[0];
}

function fill(text: string, female: boolean, minutes: number | null): string {
  return text
    .replace('{Conseiller}', female ? 'Conseillère' : 'Conseiller')
    .replace('{le_conseiller}', female ? 'la conseillère' : 'le conseiller')
    .replaceAll('{e}', female ? 'e' : '')
    .replace('{le}', female ? 'le' : '')
    .replace('{min}', String(minutes ?? 20));
}

/** A natural-sounding French comment for one answer. */
export function buildComment(rng: Rng, sentiment: Sentiment, context: CommentContext): string {
  const theme = THEMES[pickTheme(rng, themesFor(context, sentiment))][sentiment];
  const minutes =
    context.waitSeconds !== null && context.waitSeconds >= 600 ? Math.floor(context.waitSeconds / 60) : null;
  // the heads and tails that quote minutes only when the wait really was that long
  const heads = minutes === null ? theme.heads.filter((h) => !h.includes('{min}')) : theme.heads;
  const tails = minutes === null ? theme.tails.filter((t) => !t.includes('{min}')) : theme.tails;
  const female = rng.chance(0.55);
  let text = fill(rng.pick(heads.length > 0 ? heads : theme.heads), female, minutes);
  if (tails.length > 0 && rng.chance(0.55)) text += `, ${fill(rng.pick(tails), female, minutes)}`;
  const exclaim = sentiment !== 'neu' && rng.chance(sentiment === 'pos' ? 0.4 : 0.25);
  text += exclaim ? ' !' : '.';
  if (rng.chance(0.3)) {
    const closer = rng.pick(CLOSERS[sentiment]);
    const core = closer.replace(/[ .!]+$/, '').toLowerCase();
    if (!text.toLowerCase().includes(core)) text += ` ${closer}`;
  }
  return text;
}
